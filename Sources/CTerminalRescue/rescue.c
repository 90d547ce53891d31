// Signal handling that must be async-signal-safe lives in C, with real process-wide
// statics (static inline functions in a header would be copied per Swift object file).
#include "CTerminalRescue.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int saved_fd = -1;
static struct termios saved_modes;
static char restore_bytes[256];
static size_t restore_length = 0;

static const int crash_signals[] = {SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE};
#define CRASH_SIGNAL_COUNT (sizeof crash_signals / sizeof crash_signals[0])
static struct sigaction previous_crash_actions[CRASH_SIGNAL_COUNT];
static volatile sig_atomic_t crashes_caught = 0;

static const int forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
#define FORWARDED_SIGNAL_COUNT (sizeof forwarded_signals / sizeof forwarded_signals[0])
static volatile sig_atomic_t forward_fd = -1;

int sc_rescue_save_modes(int fd) {
  if (tcgetattr(fd, &saved_modes) != 0) return -1;
  saved_fd = fd;
  return 0;
}

void sc_rescue_set_restore_sequence(const char *bytes, size_t length) {
  if (length > sizeof restore_bytes) length = sizeof restore_bytes;
  memcpy(restore_bytes, bytes, length);
  restore_length = length;
}

void sc_rescue_restore(void) {
  if (saved_fd < 0) return;
  int saved_errno = errno;
  size_t written = 0;
  while (written < restore_length) {
    ssize_t n = write(saved_fd, restore_bytes + written, restore_length - written);
    if (n <= 0) break;  // the link may be gone: the modes still matter to a local console
    written += (size_t)n;
  }
  tcsetattr(saved_fd, TCSANOW, &saved_modes);
  errno = saved_errno;
}

void sc_rescue_restore_modes_only(void) {
  if (saved_fd < 0) return;
  tcsetattr(saved_fd, TCSANOW, &saved_modes);
}

static void on_crash(int signal_number) {
  sc_rescue_restore();
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    if (crash_signals[i] == signal_number) {
      sigaction(signal_number, &previous_crash_actions[i], NULL);
    }
  }
  // The signal is blocked while this handler runs: it is delivered to the previous action
  // as soon as we return (a fault re-executes and faults again if raise is not enough).
  raise(signal_number);
}

void sc_rescue_catch_crashes(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_crash;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  sigset_t unblock;
  sigemptyset(&unblock);
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    sigaction(crash_signals[i], &action, &previous_crash_actions[i]);
    sigaddset(&unblock, crash_signals[i]);
  }
  // A blocked fault signal kills without running any handler.
  sigprocmask(SIG_UNBLOCK, &unblock, NULL);
  crashes_caught = 1;
}

void sc_rescue_release_crashes(void) {
  if (!crashes_caught) return;
  for (size_t i = 0; i < CRASH_SIGNAL_COUNT; i++) {
    sigaction(crash_signals[i], &previous_crash_actions[i], NULL);
  }
  crashes_caught = 0;
}

static void on_forwarded(int signal_number) {
  int saved_errno = errno;
  int fd = forward_fd;
  if (fd >= 0) {
    unsigned char byte = (unsigned char)signal_number;
    (void)write(fd, &byte, 1);  // a full pipe already holds a wake-up: dropping is fine
  }
  errno = saved_errno;
}

int sc_rescue_forward_signals(int fd) {
  forward_fd = fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_forwarded;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked poll or read returns EINTR
  sigset_t unblock;
  sigemptyset(&unblock);
  for (size_t i = 0; i < FORWARDED_SIGNAL_COUNT; i++) {
    if (sigaction(forwarded_signals[i], &action, NULL) != 0) return -1;
    sigaddset(&unblock, forwarded_signals[i]);
  }
  // A parent may have left them blocked (threaded launchers do): SIGHUP must still arrive.
  return sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

void sc_rescue_release_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < FORWARDED_SIGNAL_COUNT; i++) {
    sigaction(forwarded_signals[i], &action, NULL);
  }
  forward_fd = -1;
}

int sc_rescue_open_pipe(int fds[2]) {
  if (pipe(fds) != 0) return -1;
  for (int i = 0; i < 2; i++) {
    int flags = fcntl(fds[i], F_GETFL);
    if (flags < 0 || fcntl(fds[i], F_SETFL, flags | O_NONBLOCK) != 0 ||
        fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
      close(fds[0]);
      close(fds[1]);
      return -1;
    }
  }
  return 0;
}

static const int termination_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define TERMINATION_SIGNAL_COUNT (sizeof termination_signals / sizeof termination_signals[0])

static void on_termination(int signal_number) {
  sc_rescue_restore_modes_only();
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, NULL);
  // Blocked while this handler runs: delivered with the default action on return, so the
  // process still ends by the signal (status 128 + n for the shell).
  raise(signal_number);
}

int sc_rescue_restore_modes_on_termination(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_termination;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < TERMINATION_SIGNAL_COUNT; i++) {
    if (sigaction(termination_signals[i], &action, NULL) != 0) return -1;
  }
  return 0;
}

void sc_rescue_release_termination(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < TERMINATION_SIGNAL_COUNT; i++) {
    sigaction(termination_signals[i], &action, NULL);
  }
}
