import CNCurses
import Wizard
// Placeholder: the ncurses front end lands with issue 5.
