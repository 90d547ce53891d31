#ifndef CTERMINALRESCUE_H
#define CTERMINALRESCUE_H
#include <stddef.h>

/// Remembers the terminal modes of `fd` as they were before curses started (call before
/// newterm). Returns 0, or -1 when `fd` is not a terminal.
int sc_rescue_save_modes(int fd);

/// The bytes the crash handler writes to put the screen back (exit the alternate screen,
/// show the cursor, reset attributes); copied, at most 255 bytes.
void sc_rescue_set_restore_sequence(const char *bytes, size_t length);

/// Writes the restore sequence and puts back the saved modes. Uses only async-signal-safe
/// calls, so a signal handler may call it.
void sc_rescue_restore(void);

/// Puts back the saved modes only (the normal way out, after endwin).
void sc_rescue_restore_modes_only(void);

/// Catches SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS and SIGFPE: restores the terminal,
/// then hands the signal to whatever handled it before (the Swift runtime's backtracer or
/// the default action), so the crash is still reported and still kills the process.
void sc_rescue_catch_crashes(void);

/// Stops catching crashes (after the terminal was restored the normal way).
void sc_rescue_release_crashes(void);

/// Catches SIGINT, SIGTERM, SIGHUP and SIGWINCH by writing the signal number as one byte to
/// `fd` (the write end of a non-blocking pipe the run loop polls). Installed without
/// SA_RESTART so a blocking read returns. Because these handlers are not the default,
/// ncurses installs none of its own for them.
int sc_rescue_forward_signals(int fd);

/// Opens the pipe the forwarded signals are written to, both ends non-blocking and
/// close-on-exec. Returns 0, or -1 with errno set.
int sc_rescue_open_pipe(int fds[2]);

/// Puts back the default actions of the forwarded signals.
void sc_rescue_release_signals(void);

/// Catches SIGINT, SIGTERM, SIGHUP and SIGQUIT to put back the modes saved with
/// `sc_rescue_save_modes`, then ends the process by the same signal. For a prompt that turns
/// echo off without curses (`activate -` at a terminal): Ctrl-C must not leave the shell
/// deaf. Returns 0, or -1 with errno set.
int sc_rescue_restore_modes_on_termination(void);

/// Puts back the default actions of those signals.
void sc_rescue_release_termination(void);
#endif
