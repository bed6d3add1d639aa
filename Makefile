# SPDX-License-Identifier: GPL-2.0
#
# ntserial top-level Makefile.  `make` builds ntserial.ko in place against
# KDIR; every other target is a thin wrapper around a script in scripts/,
# which can also be run alone.  See Documentation/testing.rst.
#
#   make [KDIR=...]          build ntserial.ko here (default: running kernel's
#                            headers, else the Debian 6.1 headers)
#   make setup               install packages, boot images, kernel sources
#   make matrix              W=1 build against 6.1, 6.12, 6.12-rt (0 warnings)
#   make sparse              sparse (C=2) against 6.1 and 6.12
#   make checkpatch          checkpatch.pl --strict on every source file
#   make kunit               KUnit suites in a debug kernel (6.1, 6.12)
#   make vmtest              in-guest tests in QEMU (6.1, 6.12, 6.12-rt)
#   make check               all of the above, one summary line
#   make debugvm             KUnit and the in-guest tests on self-built debug
#                            kernels (KASAN, lockdep, DEBUG_OBJECTS, KMEMLEAK;
#                            6.1, 6.12); not in check: see testing.rst
#   make kcsan               the same on a KCSAN kernel (6.12)
#   make demo                boot 6.1 in QEMU and show ntserial at work
#   make bench               benchmarks, ntserial vs 8250 (scripts/bench;
#                            --help there lists its BENCH_* variables)
#
# Variables (make VAR=value or environment):
#   KERNELS="6.1 6.12 6.12-rt"   which matrix kernels a stage runs on
#   DRIVER=ntserial|8250 DEV=ttyNT0|ttyS1   vmtest/bench: driver under test
#   TESTS="name ..."             vmtest: run only these guest tests
#   QEMU_TRACE=1                 vmtest: also trace every UART register access
#   KUNIT_FILTER=glob            kunit: run only matching suites
#   VM_TAG=name                  vmtest/debugvm/kcsan: keep this run's logs apart
#   QUICK=1                      debugvm/kcsan: leave out the 1 MiB transfers;
#                                bench: quick mode (6.1 only, < 5 min)
#   SMP=n TIMEOUT=s APPEND="..."   QEMU guest CPUs, time limit, kernel parameters
#   CHECKPATCH_IGNORE=TYPE,...   checkpatch: types to ignore (default none;
#                                the compat headers may use LINUX_VERSION_CODE)

KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),$(shell bash -c '. scripts/lib.sh && nt_headers_dir 6.1'))

export KERNELS DRIVER DEV TESTS QEMU_TRACE SMP TIMEOUT KUNIT_FILTER CHECKPATCH_IGNORE \
	VM_TAG APPEND QUICK

STAGES := setup matrix sparse checkpatch kunit vmtest debugvm kcsan check demo bench

.PHONY: all modules clean $(STAGES)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_NTSERIAL=m modules

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_NTSERIAL=m clean; fi
	rm -f Module.symvers modules.order

$(STAGES):
	@scripts/$@
