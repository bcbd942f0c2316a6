/* vitrine import — converts SIT exports (DATAtourisme, Apidae, Tourinsoft)
 * to a native feed that staff can edit. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/feed_write.h"
#include "model/import.h"
#include "model/overlay.h"
#include "model/util.h"

static void usage(FILE *out)
{
    fputs("usage: vitrine import [--from datatourisme|apidae|tourinsoft] FILE|DIR...\n"
          "                      [--out FILE.json|FILE.xml] [--at DATE] [--overlay FEED]\n"
          "\n"
          "Converts tourism-database exports to a vitrine feed (JSON on standard output\n"
          "without --out). The format is detected from the content unless --from is given;\n"
          "a folder stands for the exports in it and its sub-folders, as the database\n"
          "delivers them (a DATAtourisme flux, an unpacked Apidae export).\n"
          "  --at DATE       choose event dates and opening hours as of DATE\n"
          "                  (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default: now)\n"
          "  --overlay FEED  apply the office's own feed on top: its items are added, an\n"
          "                  item with an imported id replaces it, and its overrides\n"
          "                  change or hide imported items (docs/importers.md)\n",
          out);
}

int cmd_import(int argc, char **argv)
{
    enum import_format fmt = IMPORT_UNKNOWN;
    const char *out_path = NULL, *overlay_path = NULL;
    civil_t ref = CIVIL_NONE;
    const char **files = xcalloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, rc = 2;
    diag_t *diag = diag_create(), *warn = diag_create();
    feed_t *feed = NULL, *merged = NULL;
    importer_t *im = NULL;

    /* A big export is millions of small cJSON nodes freed at once; without
     * fast bins glibc does not stop to consolidate them (a third of the
     * time for 5,000 Apidae objects). A flux of 5,000 files parses and frees
     * one tree after the other: keeping the freed heap spares the kernel
     * handing back and zeroing the same pages for each. Batch command only:
     * the player keeps the defaults. */
    mallopt(M_MXFAST, 0);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            rc = 0;
            goto done;
        } else if ((!strcmp(a, "--from") || !strcmp(a, "--out") || !strcmp(a, "--at") ||
                    !strcmp(a, "--overlay")) &&
                   i + 1 >= argc) {
            fprintf(stderr, "vitrine import: %s needs a value\n", a);
            goto usage;
        } else if (!strcmp(a, "--from")) {
            if (import_format_parse(argv[++i], &fmt) < 0) {
                fprintf(stderr,
                        "vitrine import: unknown format '%s'; use datatourisme, "
                        "apidae or tourinsoft\n",
                        argv[i]);
                goto usage;
            }
        } else if (!strcmp(a, "--out")) {
            out_path = argv[++i];
            if (!str_ends(out_path, ".json") && !str_ends(out_path, ".xml")) {
                fprintf(stderr, "vitrine import: --out %s: the name must end in .json or .xml\n",
                        out_path);
                goto usage;
            }
        } else if (!strcmp(a, "--at")) {
            char err[200];
            bool date_only;
            if (civil_parse(argv[++i], &ref, &date_only, err, sizeof err) < 0) {
                fprintf(stderr, "vitrine import: --at: %s\n", err);
                goto usage;
            }
        } else if (!strcmp(a, "--overlay")) {
            overlay_path = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "vitrine import: unknown option '%s'\n", a);
            goto usage;
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "vitrine import: give at least one export file\n");
        goto usage;
    }

    rc = 1;
    im = import_create(nfiles == 1 ? files[0] : "import", NULL, ref, diag, warn);
    for (int i = 0; i < nfiles;) {
        if (is_dir(files[i])) {
            import_add_folder(im, files[i], fmt, diag);
            i++;
            continue;
        }
        /* A run of files (a flux given as its files) is read ahead like a folder. */
        int j = i;
        while (j < nfiles && !is_dir(files[j]))
            j++;
        import_add_files(im, files + i, (size_t)(j - i), fmt);
        i = j;
    }
    feed = import_finish(im);
    im = NULL;
    diag_print(warn, stderr);
    if (!feed || diag_count(diag))
        goto done;
    if (overlay_path) {
        merged = overlay_apply_file(feed, overlay_path, diag);
        if (!merged)
            goto done;
    }
    const feed_t *result = merged ? merged : feed;
    FILE *out = stdout;
    if (out_path) {
        char *tmp = xasprintf("%s.tmp", out_path);
        out = fopen(tmp, "w");
        if (!out) {
            diag_add(diag, out_path, 0, "cannot write here");
            free(tmp);
            goto done;
        }
        int w = str_ends(out_path, ".xml") ? feed_write_xml(result, out)
                                           : feed_write_json(result, out);
        if (fclose(out) != 0 || w < 0 || rename(tmp, out_path) != 0) {
            diag_add(diag, out_path, 0, "could not be written (disk full?)");
            remove(tmp);
            free(tmp);
            goto done;
        }
        free(tmp);
        fprintf(stderr, "vitrine import: wrote %zu items to %s\n", feed_count(result), out_path);
    } else if (feed_write_json(result, stdout) < 0) {
        goto done;
    }
    rc = 0;
    goto done;
usage:
    usage(stderr);
    rc = 2;
done:
    diag_print(diag, stderr);
    import_abort(im);
    feed_free(merged);
    feed_free(feed);
    diag_free(diag);
    diag_free(warn);
    free(files);
    return rc;
}
