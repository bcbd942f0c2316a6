/* libFuzzer target: the configuration parser (libinih through config_read),
 * then the checks and the printer, whose output must read back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz_util.h"
#include "model/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    const char *path = fuzz_write("vitrine.conf", data, len);
    diag_t *d = diag_create();
    struct config *cfg = config_defaults();
    if (config_read(cfg, path, d) == 0) {
        config_validate(cfg, d);
        FILE *out = fopen("/dev/null", "w");
        config_print(cfg, out);
        fclose(out);
    }
    config_free(cfg);
    diag_free(d);
    return 0;
}
