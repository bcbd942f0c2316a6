/* http — the console's HTTP server: libmicrohttpd in one internal thread,
 * plus what it leaves to us: a cap on request bodies enforced while they
 * arrive, a deadline on the whole request (a client sending a byte a second
 * is cut off, not only an idle one), multipart form streaming into a file,
 * and the security headers every response carries. Routing, sessions and
 * content are the caller's (see console.c): it gets a request once its
 * headers are in (begin) and once its body is in (finish). */
#ifndef VITRINE_CONSOLE_HTTP_H
#define VITRINE_CONSOLE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct http http_t;
typedef struct http_req http_req_t;

struct http_conf {
    const char *listen;    /* "ADDR:PORT", "[V6]:PORT"; port 0 picks a free one */
    int max_connections;   /* in all; also a quarter of it per client address */
    int idle_timeout_s;    /* a connection with no traffic for this long is closed */
    int request_timeout_s; /* headers and body must be in within this */
    size_t max_header;     /* bytes of request line and headers */
    const char *cert_pem;  /* TLS certificate and key (PEM text); NULL: plain HTTP */
    const char *key_pem;
};

/* What a route does with the body, chosen in begin. */
enum http_body {
    HTTP_BODY_NONE,      /* any body is refused with 413 */
    HTTP_BODY_BUFFER,    /* kept in memory, up to the cap */
    HTTP_BODY_MULTIPART, /* multipart/form-data: the part "file" goes to an fd */
};

struct http_handler {
    void *ctx;
    /* Headers are in. Either answer now (http_reply...) and return 1, or
     * choose the body's fate with http_accept_body and return 0. */
    int (*begin)(void *ctx, http_req_t *r);
    /* The body is in (or there was none): answer. */
    void (*finish)(void *ctx, http_req_t *r);
    /* The request is over, answered or not: drop what the route kept (its
     * temporary file...). May be NULL. */
    void (*done)(void *ctx, http_req_t *r);
};

/* Starts serving on conf->listen. Returns NULL with a message in err (the
 * address is taken, TLS unavailable...). The strings in conf are copied. */
http_t *http_start(const struct http_conf *conf, const struct http_handler *h, char *err,
                   size_t errsz);

/* The port actually bound (useful with port 0). */
int http_port(const http_t *s);

/* Runs the request deadline watch until a SIGTERM or SIGINT arrives
 * (sleeping until the earliest deadline: no polling), then returns. The
 * caller blocks those signals in every thread before http_start. */
void http_run(http_t *s);

/* Stops the server (waits for its thread) and frees it. NULL is a no-op. */
void http_stop(http_t *s);

/* The request. Strings are valid until the request is done. */
const char *http_method(const http_req_t *r);
const char *http_path(const http_req_t *r); /* without the query; not decoded further */
const char *http_header(const http_req_t *r, const char *name);
const char *http_cookie(const http_req_t *r, const char *name);
const char *http_arg(const http_req_t *r, const char *name); /* ?name=value, decoded */
const char *http_client(const http_req_t *r);                /* "127.0.0.1" */
bool http_tls(const http_req_t *r);
/* Bytes announced by Content-Length, or -1 when none was given. */
int64_t http_content_length(const http_req_t *r);

/* Accepts a body of at most max bytes (refused with 413 otherwise: at once
 * when Content-Length says more, else as soon as more has arrived). For
 * HTTP_BODY_MULTIPART, the part named "file" is written to fd as it comes
 * (its client-side name is kept only for http_form_filename), every other
 * part is kept in memory (4 KiB at most each) for http_form. */
void http_accept_body(http_req_t *r, enum http_body mode, size_t max, int fd);

/* The buffered body (NUL-terminated; "" when none) and its length. */
const char *http_body(const http_req_t *r, size_t *len);

/* A form field from a multipart body, or NULL. */
const char *http_form(const http_req_t *r, const char *name);
/* The file part's name as the client gave it, or NULL; bytes written to fd;
 * whether writing to fd failed. */
const char *http_form_filename(const http_req_t *r);
size_t http_form_file_size(const http_req_t *r);
bool http_form_file_error(const http_req_t *r);

/* The route's own state for this request (freed by its done callback). */
void http_set_data(http_req_t *r, void *data);
void *http_data(const http_req_t *r);

/* Answers: the body is copied. Only the first answer counts. */
void http_reply(http_req_t *r, int status, const char *ctype, const void *body, size_t len);
/* Answers with a heap buffer the server frees. */
void http_reply_take(http_req_t *r, int status, const char *ctype, char *body, size_t len);
/* Answers with size bytes of an open file, which the server closes. */
void http_reply_fd(http_req_t *r, int status, const char *ctype, int fd, uint64_t size);
/* Adds a header to the answer (call before or after http_reply*). At most
 * 8 per answer; more are dropped. Strings are copied. */
void http_add_header(http_req_t *r, const char *name, const char *value);

/* The security headers every answer carries (exported for the tests). */
#define HTTP_CSP                                                                                  \
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "        \
    "form-action 'self'; frame-ancestors 'none'"

#endif
