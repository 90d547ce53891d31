#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
// SwiftPM drops the -D flags ncursesw's pkg-config gives; without these the wide API vanishes.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift 6 rejects the C globals and cannot import the macros: wrap them.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }

// newterm on the process's own stdout/stdin (Swift 6 rejects the `stdout` global too).
// Unlike initscr it returns NULL instead of exiting when the terminal cannot be used.
static inline SCREEN *cn_newterm(void) { return newterm(NULL, stdout, stdin); }

// Whether the terminal description loaded by setupterm has this string capability.
// tigetstr returns (char *)-1 for a name that is not a string capability.
static inline int cn_has_string_capability(const char *name) {
  char *value = tigetstr(name);
  return value != NULL && value != (char *)-1 && value[0] != '\0';
}

// A string capability of the loaded terminal description, or NULL when it has none.
static inline const char *cn_string_capability(const char *name) {
  char *value = tigetstr(name);
  return (value == NULL || value == (char *)-1 || value[0] == '\0') ? NULL : value;
}

// Appends a string capability to `buffer` (for the crash handler's restore sequence);
// returns the new length, unchanged when the capability is absent or does not fit.
static inline size_t cn_append_capability(const char *name, char *buffer, size_t length,
                                          size_t capacity) {
  char *value = tigetstr(name);
  if (value == NULL || value == (char *)-1) return length;
  size_t add = strlen(value);
  if (length + add > capacity) return length;
  memcpy(buffer + length, value, add);
  return length + add;
}

// Whether the current locale's character set is UTF-8 (after setlocale(LC_ALL, "")).
static inline int cn_locale_is_utf8(void) {
  const char *codeset = nl_langinfo(CODESET);
  return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}

// The terminal's size from the kernel (ioctl is variadic, which Swift cannot call). (`lines` and
// `columns` are terminfo macros: not usable as names here.)
static inline int cn_window_size(int fd, int *height, int *width) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
  *height = size.ws_row;
  *width = size.ws_col;
  return 0;
}

// Draws one cell holding up to CCHARW_MAX code points (a character and its combining marks).
static inline int cn_draw_wide(WINDOW *window, int row, int column, const wchar_t *text,
                               attr_t attributes, short pair) {
  cchar_t cell;
  if (setcchar(&cell, text, attributes, pair, NULL) == ERR) return ERR;
  return mvwadd_wch(window, row, column, &cell);
}

// The display width of a code point in the current locale (-1 for non-printable).
static inline int cn_width(unsigned int scalar) { return wcwidth((wchar_t)scalar); }
#endif
