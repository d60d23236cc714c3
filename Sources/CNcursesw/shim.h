#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// SwiftPM drops -D_XOPEN_SOURCE from ncursesw.pc ("prohibited flag"), so opt in
// to the wide-character API explicitly before including curses.h.
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <sys/ioctl.h>
#include <unistd.h>

// glibc declares these only under _XOPEN_SOURCE.
extern int wcwidth(wchar_t c);

// Mutable C globals are errors in Swift 6 mode: expose them through functions.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline void cnc_set_escdelay(int ms) { set_escdelay(ms); }

static const attr_t CNC_A_NORMAL = A_NORMAL;
static const attr_t CNC_A_BOLD = A_BOLD;
static const attr_t CNC_A_DIM = A_DIM;
static const attr_t CNC_A_REVERSE = A_REVERSE;
static const attr_t CNC_A_UNDERLINE = A_UNDERLINE;
static inline attr_t cnc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

static inline int cnc_wcwidth(uint32_t c) { return wcwidth((wchar_t)c); }

// Set one cell (base char + combining marks) with attributes and a colour pair.
static inline int cnc_mvadd_cell(int y, int x, const uint32_t *chars, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, (const wchar_t *)chars, attrs, (short)pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}

// initscr() exits on an unusable TERM; newterm() returns NULL instead.
static inline SCREEN *cnc_newterm(const char *term) { return newterm(term, stdout, stdin); }

static inline int cnc_terminal_size(int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}
#include <signal.h>
#include <string.h>
#include <langinfo.h>

// Whether the current locale's character set is UTF-8 (after setlocale).
static inline int cnc_codeset_is_utf8(void) {
    const char *c = nl_langinfo(CODESET);
    return c != NULL && (strcmp(c, "UTF-8") == 0 || strcmp(c, "utf8") == 0);
}

// On SIGINT/SIGTERM/SIGHUP/SIGQUIT: give the terminal back, then die of the same signal,
// so the shell never inherits a raw, invisible-cursor terminal.
static inline void cnc_on_fatal_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void cnc_install_signal_handlers(void) {
    signal(SIGINT, cnc_on_fatal_signal);
    signal(SIGTERM, cnc_on_fatal_signal);
    signal(SIGHUP, cnc_on_fatal_signal);
    signal(SIGQUIT, cnc_on_fatal_signal);
}
static inline void cnc_reset_signal_handlers(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
}
static inline int cnc_init_pair(int pair, int fg, int bg) { return init_pair((short)pair, (short)fg, (short)bg); }
#endif
