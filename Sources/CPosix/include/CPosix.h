#ifndef STET_CPOSIX_H
#define STET_CPOSIX_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL/ENOSYS where unsupported).
int stet_exchange_paths(const char *a, const char *b);

/// Copies the running program's GNU build id (the linker's NT_GNU_BUILD_ID note) into `out`.
/// Returns its length in bytes, or 0 when the program has none or it does not fit in `capacity`.
int stet_build_id(unsigned char *out, int capacity);

#endif
