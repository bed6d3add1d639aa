# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh - shared helpers for the ntserial build/test scripts.  Sourced,
# never run.  It is the ONE place that knows how kernel versions are
# picked, where caches live and how the matrix kernels are named.
#
# Kernel names used everywhere (KERNELS="6.1 6.12 6.12-rt"):
#   6.1      the Debian 12 stock kernel: what linux-image-amd64 depends on
#   6.12     the newest linux-headers-6.12.*+deb12-amd64 for which the
#            -amd64 image and the -rt-amd64 image and headers also exist
#   6.12-rt  the PREEMPT_RT flavour of that same 6.12 version
# Nothing here hard-codes an ABI number: versions come from apt-cache at
# run time (and are cached in the environment for child scripts).

NT_REPO=${NT_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
NT_CACHE=${NT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ntserial}
NT_ALL_KERNELS="6.1 6.12 6.12-rt"
KERNELS=${KERNELS:-$NT_ALL_KERNELS}
export NT_REPO NT_CACHE KERNELS

# A self-built kernel (scripts/kunit's build dirs) has ntserial and its
# KUnit suites built in; booted to run a module build of ntserial
# (scripts/debugvm, the bench's trace kernels) they must stay inert.
# Kbuild names the built-in copy's init function NT_BUILTIN_INIT.
NT_BUILTIN_INIT=ntserial_kunit_init
NT_INERT_BUILTIN="initcall_blacklist=$NT_BUILTIN_INIT kunit.enable=0"

nt_log() { printf '[%s] %s\n' "${NT_STAGE:-ntserial}" "$*" >&2; }
nt_die() { nt_log "ERROR: $*"; exit 1; }

# Run a command as root: directly when we are root, else through sudo.
nt_sudo() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Seconds since the epoch, for stage timings.
nt_now() { date +%s; }

# apt-get update once, and only if the package lists are missing or older
# than a day.
nt_apt_update_if_needed() {
	local lists=/var/lib/apt/lists newest
	newest=$(find "$lists" -maxdepth 1 -name '*_Packages*' -printf '%T@\n' 2>/dev/null |
		sort -n | tail -n 1)
	newest=${newest%.*}
	if [ -z "$newest" ] || [ $(( $(nt_now) - newest )) -gt 86400 ]; then
		nt_log "apt-get update (package lists missing or older than a day)"
		nt_sudo apt-get update -qq
	fi
}

# The 6.1 kernel release, e.g. 6.1.0-56-amd64: what linux-image-amd64
# depends on.
nt_find_kver_61() {
	local k
	k=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(6\.1\.[^ ]*-amd64\)$/\1/p' |
		sort -V | tail -n 1)
	if [ -z "$k" ]; then	# no apt lists: fall back to installed headers
		k=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.*-amd64' \
			-printf '%f\n' 2>/dev/null | sed 's/^linux-headers-//' |
			grep -v -e cloud -e rt | sort -V | tail -n 1)
	fi
	printf '%s\n' "$k"
}

# The 6.12 version without flavour, e.g. 6.12.117+deb12: the newest
# linux-headers-6.12.*+deb12-amd64 whose -amd64 image and -rt-amd64
# image and headers all exist too.
nt_find_ver_612() {
	local v p ok
	for v in $(apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
		   sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12\)-amd64$/\1/p' | sort -rV); do
		# one apt-cache call per candidate: every package needs a candidate
		ok=$(apt-cache policy "linux-image-$v-amd64" "linux-image-$v-rt-amd64" \
			"linux-headers-$v-rt-amd64" 2>/dev/null |
			grep -c '^  Candidate: [^(]' || true)
		if [ "$ok" = 3 ]; then
			printf '%s\n' "$v"
			return
		fi
	done
	# no apt lists: fall back to installed headers
	p=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*+deb12-rt-amd64' \
		-printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
	p=${p#linux-headers-}
	printf '%s\n' "${p%-rt-amd64}"
}

# Resolve the matrix kernel versions once, in the calling shell (exported
# for child scripts).  apt-cache is slow here (~1 s a call), so the answer
# is cached in $NT_CACHE/kernels.env until the apt lists change.
nt_resolve_kernels() {
	local stamp cache=$NT_CACHE/kernels.env
	[ -n "${NT_KVER_61:-}" ] && [ -n "${NT_VER_612:-}" ] && return 0
	stamp=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -printf '%T@ %f\n' \
		2>/dev/null | sort | md5sum | cut -c1-12)
	if [ -r "$cache" ] && grep -qx "NT_APT_STAMP=$stamp" "$cache"; then
		# shellcheck source=/dev/null
		. "$cache"
	else
		NT_KVER_61=$(nt_find_kver_61)
		NT_VER_612=$(nt_find_ver_612)
		[ -n "$NT_KVER_61" ] || nt_die "cannot find the Debian 6.1 kernel (apt-get update?)"
		[ -n "$NT_VER_612" ] || nt_die "cannot find a Debian 6.12 kernel (apt-get update?)"
		mkdir -p "$NT_CACHE"
		printf 'NT_APT_STAMP=%s\nNT_KVER_61=%s\nNT_VER_612=%s\n' \
			"$stamp" "$NT_KVER_61" "$NT_VER_612" >"$cache"
	fi
	export NT_KVER_61 NT_VER_612
}

nt_kver_61() { nt_resolve_kernels; printf '%s\n' "$NT_KVER_61"; }
nt_ver_612() { nt_resolve_kernels; printf '%s\n' "$NT_VER_612"; }

# nt_kver NAME: the kernel release (uname -r) of a matrix kernel name.
# A full release string is passed through unchanged.
nt_kver() {
	case "$1" in
	6.1)		nt_kver_61 ;;
	6.12)		printf '%s-amd64\n' "$(nt_ver_612)" ;;
	6.12-rt)	printf '%s-rt-amd64\n' "$(nt_ver_612)" ;;
	[0-9]*.*-*)	printf '%s\n' "$1" ;;
	*)		nt_die "unknown kernel '$1' (use one of: $NT_ALL_KERNELS)" ;;
	esac
}

# nt_series NAME: 6.1 or 6.12 (which linux-source tree a kernel belongs to).
nt_series() {
	case "$1" in
	6.1|6.1.*)	echo 6.1 ;;
	6.12*)		echo 6.12 ;;
	*)		nt_die "unknown kernel '$1'" ;;
	esac
}

nt_headers_dir() { printf '/usr/src/linux-headers-%s\n' "$(nt_kver "$1")"; }
nt_image_dir()   { printf '%s/images/%s\n' "$NT_CACHE" "$(nt_kver "$1")"; }
nt_vmlinuz()     { local k; k=$(nt_kver "$1"); printf '%s/images/%s/boot/vmlinuz-%s\n' "$NT_CACHE" "$k" "$k"; }
nt_build_dir()   { printf '%s/build/%s\n' "$NT_CACHE" "$(nt_kver "$1")"; }
nt_src_tree()    { printf '%s/src/linux-%s\n' "$NT_CACHE" "$(nt_series "$1")"; }

# Copy the project's module sources (and nothing built) into DIR.  A file
# is rewritten only when its content differs, and then gets the current
# time: keeping the repo's mtime (rsync -t) could leave it older than an
# object built from the previous version, which an incremental build
# (the KUnit trees) would then not rebuild.
nt_sync_sources() {
	local dir=$1
	mkdir -p "$dir"
	rsync -rlD --checksum --delete --prune-empty-dirs \
		--include='*/' --include='Kbuild' --include='Kconfig' \
		--include='*.c' --include='*.h' --exclude='*' \
		"$NT_REPO/Kbuild" "$NT_REPO/src" "$NT_REPO/include" "$NT_REPO/kunit" \
		"$dir/"
}

# nt_module_fresh NAME: true when the matrix build of NAME succeeded and no
# source file changed since.
nt_module_fresh() {
	local ok
	ok=$(nt_build_dir "$1").ok
	[ -e "$ok" ] || return 1
	[ -z "$(find "$NT_REPO/Kbuild" "$NT_REPO/src" "$NT_REPO/include" "$NT_REPO/kunit" \
		-newer "$ok" \( -name '*.[ch]' -o -name Kbuild -o -name Kconfig \) 2>/dev/null |
		head -n 1)" ]
}

# Print a duration in seconds as "1m23s".
nt_fmt_secs() { printf '%dm%02ds\n' $(( $1 / 60 )) $(( $1 % 60 )); }

# ---- self-built kernels (scripts/kunit, scripts/debugvm) -----------------
# The unpacked source trees get the project's sources overlaid, and the
# KUnit and KCSAN kernels build out of them (O=) with kunit.py.  Everything
# that touches a tree or one of those build dirs takes this lock (fd 9),
# so that two runs sharing the cache take turns.
nt_kunit_lock() {
	mkdir -p "$NT_CACHE/kunit"
	exec 9>"$NT_CACHE/kunit/.lock"
	flock 9
}
nt_kunit_unlock() { exec 9>&-; }

# nt_kunit_overlay TREE: copy the project's sources (never build products)
# into TREE/drivers/tty/serial/ntserial/ and hook that directory into
# drivers/tty/serial/Kconfig and Makefile (idempotent).
nt_kunit_overlay() {
	local tree=$1
	nt_sync_sources "$tree/drivers/tty/serial/ntserial"
	grep -q 'drivers/tty/serial/ntserial/kunit/Kconfig' "$tree/drivers/tty/serial/Kconfig" ||
		printf '\nsource "drivers/tty/serial/ntserial/kunit/Kconfig"\n' >>"$tree/drivers/tty/serial/Kconfig"
	grep -q '^obj-y += ntserial/$' "$tree/drivers/tty/serial/Makefile" ||
		printf '\nobj-y += ntserial/\n' >>"$tree/drivers/tty/serial/Makefile"
}

# nt_kernel_ok BUILD KUNITCONFIG: true when the kernel in the kunit.py build
# dir BUILD was built and booted (BUILD.ok, written after kunit.py ran its
# tests) since KUNITCONFIG last changed.
nt_kernel_ok() {
	[ -e "$1.ok" ] && [ -r "$1/arch/x86/boot/bzImage" ] && [ "$1.ok" -nt "$2" ]
}
