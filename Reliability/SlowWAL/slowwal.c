// LD_PRELOAD shim for crash.py --slow-wal-ms: every write to a file whose name ends in
// "-wal" is noted in $SLOWWAL_LOG and then delayed by $SLOWWAL_US microseconds, so that one
// commit's frames take long enough for a random SIGKILL to land between them. The store
// code is untouched; only the timing of SQLite's own writes changes.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int is_wal(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n < 4) return 0;
  path[n] = 0;
  return strcmp(path + n - 4, "-wal") == 0;
}

static void note_and_wait(void) {
  const char *log = getenv("SLOWWAL_LOG");
  if (log) {
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
      (void)!write(fd, "w\n", 2);
      close(fd);
    }
  }
  const char *us = getenv("SLOWWAL_US");
  if (us) usleep((useconds_t)atoi(us));
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  static ssize_t (*real)(int, const void *, size_t, off_t);
  if (!real) real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
  if (is_wal(fd)) note_and_wait();
  return real(fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  static ssize_t (*real)(int, const void *, size_t, off_t);
  if (!real) real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
  if (is_wal(fd)) note_and_wait();
  return real(fd, buf, count, offset);
}

ssize_t write(int fd, const void *buf, size_t count) {
  static ssize_t (*real)(int, const void *, size_t);
  if (!real) real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  if (is_wal(fd)) note_and_wait();
  return real(fd, buf, count);
}
