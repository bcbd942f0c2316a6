/* http — libmicrohttpd glue: one internal thread serves every connection;
 * the caller's thread (http_run) only watches request deadlines. */
#include "console/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "model/util.h"

#define FORM_MAX_FIELDS 16
#define FORM_MAX_VALUE  4096
#define REPLY_MAX_HDRS  8
#define HTTP_MIN_RATE   50 /* bytes per ms (50 kB/s) a long body must keep up */

/* One TCP connection, known from its start so that a client too slow to
 * finish even its headers can be cut off. */
struct conn {
    int fd;
    int64_t deadline_ms; /* 0: none (the request is in, or we are answering) */
    struct conn *prev, *next;
};

struct http {
    struct MHD_Daemon *d;
    struct http_handler h;
    int port;
    int request_timeout_ms;
    bool tls;
    char *cert, *key;
    pthread_mutex_t mu; /* guards conns and their deadlines */
    struct conn *conns;
    int wake_fd; /* eventfd: a deadline was set */
};

struct form_field {
    char *name, *value;
    size_t len;
};

struct http_req {
    http_t *s;
    struct MHD_Connection *c;
    struct conn *conn;
    const char *method, *path;
    char client[INET6_ADDRSTRLEN];
    int64_t deadline_ms;
    int64_t start_us;         /* headers in */
    int64_t conn_deadline_ms; /* the deadline the watch has for this request */
    enum http_body mode;
    size_t max, got;
    int fd;
    char *body;
    size_t blen, bcap;
    struct MHD_PostProcessor *pp;
    struct form_field form[FORM_MAX_FIELDS];
    int nform;
    char *filename;
    size_t fsize;
    bool ferr;
    void *data;
    struct MHD_Response *resp;
    int status;
    char *hname[REPLY_MAX_HDRS], *hvalue[REPLY_MAX_HDRS];
    int nhdr;
};

static void set_deadline(http_t *s, struct conn *c, int64_t deadline)
{
    if (!c)
        return;
    pthread_mutex_lock(&s->mu);
    c->deadline_ms = deadline;
    pthread_mutex_unlock(&s->mu);
    if (deadline) {
        uint64_t one = 1;
        ssize_t n = write(s->wake_fd, &one, sizeof one);
        (void)n;
    }
}

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    http_t *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct conn *c = xcalloc(1, sizeof *c);
        c->fd = ci ? ci->connect_fd : -1;
        pthread_mutex_lock(&s->mu);
        c->next = s->conns;
        if (s->conns)
            s->conns->prev = c;
        s->conns = c;
        pthread_mutex_unlock(&s->mu);
        *socket_context = c;
        set_deadline(s, c, mono_ms() + s->request_timeout_ms);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        struct conn *c = *socket_context;
        pthread_mutex_lock(&s->mu);
        if (c->prev)
            c->prev->next = c->next;
        else
            s->conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        pthread_mutex_unlock(&s->mu);
        free(c);
        *socket_context = NULL;
    }
}

static void add_security_headers(http_req_t *r, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", HTTP_CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    if (r->s->tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result queue(http_req_t *r)
{
    if (!r->resp)
        http_reply(r, 500, "application/json; charset=utf-8",
                   "{\"error\":\"Erreur interne du serveur\"}", 36);
    add_security_headers(r, r->resp);
    /* The server's own time for this request, for the benchmark and for
     * the browser's developer tools. */
    char st[48];
    snprintf(st, sizeof st, "app;dur=%.2f", ((int64_t)mono_us() - r->start_us) / 1000.0);
    MHD_add_response_header(r->resp, "Server-Timing", st);
    for (int i = 0; i < r->nhdr; i++)
        MHD_add_response_header(r->resp, r->hname[i], r->hvalue[i]);
    enum MHD_Result rc = MHD_queue_response(r->c, (unsigned)r->status, r->resp);
    MHD_destroy_response(r->resp);
    r->resp = NULL;
    r->status = -1; /* answered */
    return rc;
}

static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding, (void)off;
    http_req_t *r = cls;
    if (!key)
        return MHD_YES;
    if (!strcmp(key, "file") && r->fd >= 0) {
        if (filename && !r->filename)
            r->filename = xstrdup(filename);
        while (size && !r->ferr) {
            ssize_t n = write(r->fd, data, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                r->ferr = true;
                break;
            }
            data += n;
            size -= (size_t)n;
            r->fsize += (size_t)n;
        }
        return r->ferr ? MHD_NO : MHD_YES;
    }
    struct form_field *f = NULL;
    for (int i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].name, key))
            f = &r->form[i];
    if (!f) {
        if (r->nform == FORM_MAX_FIELDS)
            return MHD_YES;
        f = &r->form[r->nform++];
        f->name = xstrdup(key);
        f->value = xcalloc(1, 1);
    }
    if (f->len + size > FORM_MAX_VALUE)
        return MHD_NO;
    f->value = xrealloc(f->value, f->len + size + 1);
    memcpy(f->value + f->len, data, size);
    f->len += size;
    f->value[f->len] = 0;
    return MHD_YES;
}

static void client_address(http_req_t *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    strcpy(r->client, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
                  sizeof r->client);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->client,
                  sizeof r->client);
}

static const char *json_error_413 = "{\"error\":\"La requête est trop volumineuse\"}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)version;
    http_t *s = cls;
    http_req_t *r = *req_cls;
    if (!r) {
        r = xcalloc(1, sizeof *r);
        r->s = s;
        r->c = c;
        r->method = method;
        r->path = url;
        r->fd = -1;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        r->conn = ci ? ci->socket_context : NULL;
        r->deadline_ms = mono_ms() + s->request_timeout_ms;
        r->conn_deadline_ms = r->deadline_ms;
        r->start_us = (int64_t)mono_us();
        client_address(r);
        *req_cls = r;
        if (s->h.begin(s->h.ctx, r) || r->resp) {
            set_deadline(s, r->conn, 0);
            return queue(r);
        }
        int64_t cl = http_content_length(r);
        if (cl > 0 && (r->mode == HTTP_BODY_NONE || (uint64_t)cl > r->max)) {
            http_reply(r, 413, "application/json; charset=utf-8", json_error_413,
                       strlen(json_error_413));
            set_deadline(s, r->conn, 0);
            return queue(r);
        }
        if (r->mode == HTTP_BODY_MULTIPART) {
            r->pp = MHD_create_post_processor(c, 16384, on_post, r);
            if (!r->pp) {
                static const char msg[] =
                    "{\"error\":\"Envoyez le fichier en multipart/form-data\"}";
                http_reply(r, 400, "application/json; charset=utf-8", msg, sizeof msg - 1);
                set_deadline(s, r->conn, 0);
                return queue(r);
            }
        }
        return MHD_YES;
    }
    if (r->status < 0) { /* answered early: drop what still comes */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        r->got += n;
        /* A large body gets longer than the request timeout, as long as it
         * comes at HTTP_MIN_RATE or faster on average: a photo over a weak
         * Wi-Fi passes, a client trickling bytes does not. */
        int64_t allowed = r->deadline_ms + (int64_t)(r->got / HTTP_MIN_RATE);
        if (mono_ms() > allowed)
            return MHD_NO; /* too slow: closes the connection */
        if (allowed - r->conn_deadline_ms > 1000) {
            r->conn_deadline_ms = allowed;
            set_deadline(s, r->conn, allowed);
        }
        if (r->mode == HTTP_BODY_NONE || r->got > r->max)
            return MHD_NO; /* over the cap with no Content-Length: stop reading now */
        if (r->mode == HTTP_BODY_BUFFER) {
            if (r->blen + n + 1 > r->bcap) {
                r->bcap = (r->blen + n + 1) * 2;
                if (r->bcap > r->max + 1)
                    r->bcap = r->max + 1;
                r->body = xrealloc(r->body, r->bcap);
            }
            memcpy(r->body + r->blen, upload_data, n);
            r->blen += n;
            r->body[r->blen] = 0;
        } else if (MHD_post_process(r->pp, upload_data, n) != MHD_YES) {
            return MHD_NO;
        }
        return MHD_YES;
    }
    set_deadline(s, r->conn, 0);
    r->start_us = (int64_t)mono_us(); /* the body is in: from here on, the time is ours */
    s->h.finish(s->h.ctx, r);
    return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c, (void)toe;
    http_t *s = cls;
    http_req_t *r = *req_cls;
    if (!r)
        return;
    if (s->h.done)
        s->h.done(s->h.ctx, r);
    /* The next request on this connection has its own time. */
    set_deadline(s, r->conn, mono_ms() + s->request_timeout_ms);
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    if (r->resp)
        MHD_destroy_response(r->resp);
    for (int i = 0; i < r->nform; i++) {
        free(r->form[i].name);
        free(r->form[i].value);
    }
    for (int i = 0; i < r->nhdr; i++) {
        free(r->hname[i]);
        free(r->hvalue[i]);
    }
    free(r->filename);
    free(r->body);
    free(r);
    *req_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || colon[1] == 0)
        return -1;
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 2 || host[n - 1] != ']')
            return -1;
        host[n - 1] = 0;
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return -1;
        *v6 = true;
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (!host[0])
        a->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
        return -1;
    *v6 = false;
    return 0;
}

http_t *http_start(const struct http_conf *conf, const struct http_handler *h, char *err,
                   size_t errsz)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (parse_listen(conf->listen, &ss, &v6) < 0) {
        snprintf(err, errsz, "--listen '%s' is not ADDRESS:PORT (for example 0.0.0.0:8080)",
                 conf->listen);
        return NULL;
    }
    bool tls = conf->cert_pem && conf->key_pem;
    if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        snprintf(err, errsz,
                 "this libmicrohttpd has no TLS support: install one built with GnuTLS");
        return NULL;
    }
    http_t *s = xcalloc(1, sizeof *s);
    s->h = *h;
    s->tls = tls;
    s->request_timeout_ms = (conf->request_timeout_s > 0 ? conf->request_timeout_s : 30) * 1000;
    pthread_mutex_init(&s->mu, NULL);
    s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->wake_fd < 0) {
        snprintf(err, errsz, "eventfd: %s", strerror(errno));
        free(s);
        return NULL;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (v6)
        flags |= MHD_USE_IPv6;
    int maxc = conf->max_connections > 0 ? conf->max_connections : 64;
    struct MHD_OptionItem ops[16];
    int n = 0;
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &ss};
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, maxc, NULL};
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                       maxc / 4 > 4 ? maxc / 4 : maxc, NULL};
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
                                       conf->idle_timeout_s > 0 ? conf->idle_timeout_s : 15, NULL};
    ops[n++] =
        (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                (intptr_t)(conf->max_header ? conf->max_header : 32768), NULL};
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s};
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, s};
    if (tls) {
        flags |= MHD_USE_TLS;
        s->cert = xstrdup(conf->cert_pem);
        s->key = xstrdup(conf->key_pem);
        ops[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert};
        ops[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->key};
    }
    ops[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_ARRAY, ops,
                            MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errsz,
                 "cannot listen on %s%s: is the port taken, or the address not "
                 "this machine's? (or the certificate and key do not match)",
                 conf->listen, tls ? " with TLS" : "");
        close(s->wake_fd);
        free(s->cert);
        free(s->key);
        pthread_mutex_destroy(&s->mu);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : 0;
    return s;
}

int http_port(const http_t *s)
{
    return s->port;
}

void http_run(http_t *s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    for (;;) {
        int64_t now = mono_ms(), next = 0;
        pthread_mutex_lock(&s->mu);
        for (struct conn *c = s->conns; c; c = c->next) {
            if (!c->deadline_ms)
                continue;
            if (c->deadline_ms <= now) {
                /* Too slow: the server thread sees the end of the stream
                 * and closes the connection itself. */
                shutdown(c->fd, SHUT_RDWR);
                c->deadline_ms = 0;
            } else if (!next || c->deadline_ms < next) {
                next = c->deadline_ms;
            }
        }
        pthread_mutex_unlock(&s->mu);
        struct pollfd p[2] = {{.fd = s->wake_fd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
        int timeout = next ? (int)(next - now) + 1 : -1;
        int rc = poll(p, sfd >= 0 ? 2 : 1, timeout);
        if (rc < 0 && errno != EINTR)
            break;
        if (p[0].revents) {
            uint64_t v;
            ssize_t nr = read(s->wake_fd, &v, sizeof v);
            (void)nr;
        }
        if (sfd >= 0 && p[1].revents)
            break;
    }
    if (sfd >= 0)
        close(sfd);
}

void http_stop(http_t *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);
    close(s->wake_fd);
    pthread_mutex_destroy(&s->mu);
    free(s->cert);
    free(s->key);
    free(s);
}

const char *http_method(const http_req_t *r)
{
    return r->method;
}

const char *http_path(const http_req_t *r)
{
    return r->path;
}

const char *http_header(const http_req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND, name);
}

const char *http_arg(const http_req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_client(const http_req_t *r)
{
    return r->client;
}

bool http_tls(const http_req_t *r)
{
    return r->s->tls;
}

int64_t http_content_length(const http_req_t *r)
{
    const char *v = http_header(r, "Content-Length");
    if (!v)
        return -1;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || n < 0)
        return INT64_MAX;
    return n;
}

void http_accept_body(http_req_t *r, enum http_body mode, size_t max, int fd)
{
    r->mode = mode;
    r->max = max;
    r->fd = fd;
}

const char *http_body(const http_req_t *r, size_t *len)
{
    if (len)
        *len = r->blen;
    return r->body ? r->body : "";
}

const char *http_form(const http_req_t *r, const char *name)
{
    for (int i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].name, name))
            return r->form[i].value;
    return NULL;
}

const char *http_form_filename(const http_req_t *r)
{
    return r->filename;
}

size_t http_form_file_size(const http_req_t *r)
{
    return r->fsize;
}

bool http_form_file_error(const http_req_t *r)
{
    return r->ferr;
}

void http_set_data(http_req_t *r, void *data)
{
    r->data = data;
}

void *http_data(const http_req_t *r)
{
    return r->data;
}

static void set_resp(http_req_t *r, int status, struct MHD_Response *resp, const char *ctype)
{
    if (r->resp || r->status < 0 || !resp) {
        if (resp)
            MHD_destroy_response(resp);
        return;
    }
    if (ctype)
        MHD_add_response_header(resp, "Content-Type", ctype);
    r->resp = resp;
    r->status = status;
}

void http_reply(http_req_t *r, int status, const char *ctype, const void *body, size_t len)
{
    set_resp(r, status, MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY),
             ctype);
}

void http_reply_take(http_req_t *r, int status, const char *ctype, char *body, size_t len)
{
    if (r->resp || r->status < 0) {
        free(body);
        return;
    }
    set_resp(r, status, MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE), ctype);
}

void http_reply_fd(http_req_t *r, int status, const char *ctype, int fd, uint64_t size)
{
    if (r->resp || r->status < 0) {
        close(fd);
        return;
    }
    set_resp(r, status, MHD_create_response_from_fd64(size, fd), ctype);
}

void http_add_header(http_req_t *r, const char *name, const char *value)
{
    if (r->nhdr == REPLY_MAX_HDRS)
        return;
    r->hname[r->nhdr] = xstrdup(name);
    r->hvalue[r->nhdr++] = xstrdup(value);
}
