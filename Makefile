# vitrine — signage player for tourist-office welcome screens.
# make            build ./vitrine (objects under build/)
# make test       build and run the test suite; last line: "N passed, N failed"
# make run        play content/ with themes/default
# make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/vitrine
ifeq ($(SANITIZE),1)
BUILD   ?= build-san
else
BUILD   ?= build
endif
BIN     ?= vitrine
CC      ?= cc
PKG_CONFIG ?= pkg-config

PKGS := sdl2 SDL2_ttf SDL2_image libpng libjpeg libxml-2.0 libcjson libcurl libqrencode fontconfig inih libsystemd \
        libmicrohttpd libargon2 gnutls \
        libmosquitto sqlite3
TEST_PKGS := cmocka

# Films (play/video_mpv.c). libmpv is loaded with dlopen when the first film
# needs it (play/mpvlib.h), so the build needs only libmpv-dev's headers,
# which hold no architecture's details: the arm64 cross-build compiles with
# the amd64 ones, and its binary plays films where the Pi has libmpv2.
# VIDEO=0, or no headers, builds play/video_none.c instead: video items are
# then logged once and skipped.
VIDEO ?= 1
ifeq ($(VIDEO),1)
ifneq ($(shell printf '\043include <mpv/render_gl.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo yes),yes)
VIDEO := 0
$(info mpv/render_gl.h not found: building without video (scripts/deps.sh installs libmpv-dev))
endif
endif
ifeq ($(VIDEO),1)
VIDEO_OFF := renderer/play/video_none.c
else
VIDEO_OFF := renderer/play/video_mpv.c renderer/play/mpvlib.c
endif

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) \
              -Irenderer $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
              -DVITRINE_DATADIR='"$(DATADIR)"'
LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm -lpthread -ldl
# The flags above are read quietly so that `make run` and `make test` can install
# what is missing first (check-deps); a build that still lacks a package stops
# here with pkg-config's own words instead of failing later on a missing header.
PKG_ERRORS := $(shell $(PKG_CONFIG) --print-errors --exists $(PKGS) 2>&1)

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LIBS += -fsanitize=address,undefined
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
# third-party leaks only (fontconfig's caches); see the file for each entry
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
endif

SRCS     := $(filter-out $(VIDEO_OFF),$(sort $(wildcard renderer/*/*.c)))
# Data files compiled into the binary (scripts/embed.sh), so that nothing
# needs installing for the program to find them.
GEN_OBJS := $(BUILD)/gen/feed_xsd.o $(BUILD)/gen/www.o $(BUILD)/gen/version.o
# The program's version (model/version.h), which each screen reports to the
# fleet: the git description of the tree built, or VERSION=... from outside.
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# The console's pages (renderer/console/www/**), one table in the binary.
WWW_DIR   := renderer/console/www
WWW_FILES := $(shell find $(WWW_DIR) -type f ! -name '.*' ! -name '*~' 2>/dev/null | LC_ALL=C sort)
OBJS     := $(SRCS:%.c=$(BUILD)/%.o) $(GEN_OBJS)
MAIN_OBJ := $(BUILD)/renderer/main.o
LIB      := $(BUILD)/libvitrine.a

TEST_SRCS := $(sort $(wildcard tests/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_CFLAGS := $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

.PHONY: FORCE pkg-ok
.PHONY: all deps run test check-deps install uninstall clean format cross-arm64 test-arm64 \
        tests fuzz fuzz-build fuzz-bins soak bench-sched format-check fleet-sim

all: $(BIN)

ifneq ($(BIN),vitrine)
.PHONY: vitrine
vitrine: $(BIN)
endif

# Relink when the build flavour (plain, sanitized) changed since the last link.
RELINK := $(if $(filter $(BUILD),$(shell cat .last-build-$(BIN) 2>/dev/null)),,FORCE)

$(BIN): $(MAIN_OBJ) $(LIB) $(RELINK)
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LIBS)
	@echo $(BUILD) > .last-build-$(BIN)

FORCE:

tests: $(TEST_BINS)

$(LIB): $(OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

pkg-ok:
	@if [ -n '$(subst ','\'',$(PKG_ERRORS))' ]; then \
	    echo 'missing libraries: $(subst ','\'',$(PKG_ERRORS))'; \
	    echo 'install them with scripts/deps.sh (or: make deps)'; exit 1; fi

$(BUILD)/%.o: %.c | pkg-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/feed_xsd.c: renderer/model/feed.xsd scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh feed_xsd $< $@

# The list of page files is rewritten only when it changes, so that adding or
# removing a page regenerates the table and nothing else does.
$(BUILD)/gen/www.list: FORCE
	@mkdir -p $(@D)
	@echo '$(WWW_FILES)' | cmp -s - $@ || echo '$(WWW_FILES)' >$@

# Rewritten only when the version changes, as the list above.
$(BUILD)/gen/version.c: FORCE
	@mkdir -p $(@D)
	@printf 'const char vitrine_version[] = "%s";\n' '$(VERSION)' | cmp -s - $@ || \
	    printf 'const char vitrine_version[] = "%s";\n' '$(VERSION)' >$@

$(BUILD)/gen/www.c: $(BUILD)/gen/www.list $(WWW_FILES) scripts/embed-www.sh
	sh scripts/embed-www.sh $(WWW_DIR) $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -Itests -MMD -MP -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS)

# One scheduling decision over 5,000 items (goal: under 1 ms, no allocation).
bench-sched: $(LIB)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -o $(BUILD)/tests/bench_sched tests/bench_sched.c $(LIB) $(LIBS)
	$(BUILD)/tests/bench_sched

# The fleet's simulator of many screens and month generator (scripts/bench-fleet.sh).
fleet-sim: $(BUILD)/tests/fleet_sim
$(BUILD)/tests/fleet_sim: tests/tools/fleet_sim.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS)

# Install missing Debian packages only when a pkg-config check fails, so that
# `make run` and `make test` are all a fresh machine needs.
check-deps:
	@$(PKG_CONFIG) --exists $(PKGS) $(TEST_PKGS) || scripts/deps.sh

deps:
	scripts/deps.sh

# With no display at all, the player would draw on an invisible surface and
# look hung: say so, and how to get one.
run: check-deps
	@$(MAKE) --no-print-directory vitrine
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$SDL_VIDEODRIVER" ] && ! ls /dev/dri/card* >/dev/null 2>&1; then \
	    echo 'make run: no display (DISPLAY and WAYLAND_DISPLAY are unset, no /dev/dri card).'; \
	    echo '  Run it from a desktop session, or under Xvfb:  xvfb-run -a make run'; \
	    echo '  or play offscreen on purpose:  SDL_VIDEODRIVER=offscreen make run'; \
	    exit 1; fi
	./vitrine play --theme themes/default content/feed.xml

test: check-deps
	@$(MAKE) --no-print-directory vitrine $(TEST_BINS) $(BUILD)/tests/fleet_sim
	@BUILD=$(BUILD) tests/run.sh $(TEST_BINS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/vitrine
	cp -R themes content $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vitrine
	rm -rf $(DESTDIR)$(DATADIR)

FORMAT_SRCS = $(SRCS) $(VIDEO_OFF) renderer/main.c $(wildcard renderer/*/*.h) $(wildcard tests/*.c tests/*.h \
              tests/fuzz/*.c tests/fuzz/*.h tests/tools/*.c)
format:
	clang-format -i $(FORMAT_SRCS)

# Fails, naming the files, when a source differs from .clang-format (run by CI).
format-check:
	@bad=$$(for f in $(FORMAT_SRCS); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not formatted (run make format):" $$bad; exit 1; fi

# The Raspberry Pi's architecture: Raspberry Pi OS bookworm is Debian 12 arm64,
# so Debian's multiarch packages cross-build it and qemu-user runs the tests.
ARM64_ENV := BUILD=build-arm64 BIN=vitrine-arm64 CC=aarch64-linux-gnu-gcc \
             AR=aarch64-linux-gnu-ar \
             PKG_CONFIG="env PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig pkg-config"
QEMU_ARM64 := qemu-aarch64 -L /usr/aarch64-linux-gnu
# Under qemu-user on these machines, a process that starts a second thread
# spins forever (seen with SDL threads, the fetch thread and render's PNG
# writer), so the tests of the threaded player and fetcher run natively only.
# The Pi's build is proven by every other unit test, test_render among them:
# it renders slides headless under qemu and compares them with the golden
# images made by the x86-64 build. test_clocksync installs a seccomp filter,
# which qemu-user would apply to itself.
ARM64_SKIP := build-arm64/tests/test_app% build-arm64/tests/test_fetch \
              build-arm64/tests/test_clocksync

cross-arm64:
	@VITRINE_DEPS_ARM64=1 scripts/deps.sh
	@$(MAKE) --no-print-directory $(ARM64_ENV) vitrine-arm64

test-arm64: cross-arm64
	@$(MAKE) --no-print-directory $(ARM64_ENV) tests
	@$(MAKE) --no-print-directory vitrine
	@VITRINE_NO_THREADS=1 TEST_RUNNER="$(QEMU_ARM64)" IT_GLOB='tests/arm64_*.sh' \
	    tests/run.sh $(filter-out $(ARM64_SKIP),$(TEST_SRCS:tests/%.c=build-arm64/tests/%))

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang into build-fuzz/
# and run for FUZZ_SECONDS each, one at a time (docs/security.md).
FUZZ_SECONDS ?= 60
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

fuzz-build: check-deps
	@VITRINE_DEPS_DEV=1 scripts/deps.sh >/dev/null
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(LIB)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ $< $(LIB) $(LIBS)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# The endurance test (tests/soak.sh): SOAK_SECONDS with the plain build for
# memory growth and coverage, then SOAK_SAN_SECONDS with a sanitized binary.
SOAK_SECONDS ?= 300
SOAK_SAN_SECONDS ?= 60
soak: check-deps
	@$(MAKE) --no-print-directory vitrine
	@$(MAKE) --no-print-directory SANITIZE=1 BIN=vitrine-san vitrine-san
	@SOAK_SECONDS=$(SOAK_SECONDS) SOAK_SAN_SECONDS=$(SOAK_SAN_SECONDS) SOAK_WARMUP=$(SOAK_WARMUP) \
	    tests/soak.sh ./vitrine ./vitrine-san

clean:
	rm -rf build build-san build-arm64 build-fuzz vitrine vitrine-arm64 vitrine-san \
	    .last-build-*

-include $(OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BINS:=.d)
