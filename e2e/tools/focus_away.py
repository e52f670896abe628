"""Take the keyboard focus away from every window on the X display, as a person clicking
another app would (e2e tests of what the window does in the background). Xvfb has no
window manager: the focus goes to the root window, and the pointer to its corner."""
import ctypes
import ctypes.util
import sys

x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
x11.XWarpPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong] + [ctypes.c_int] * 2 + [ctypes.c_uint] * 2 + [ctypes.c_int] * 2
x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]

display = x11.XOpenDisplay(None)
if not display:
    sys.exit("focus_away: cannot open the X display (is DISPLAY set?)")
root = x11.XDefaultRootWindow(display)
x11.XWarpPointer(display, 0, root, 0, 0, 0, 0, 4000, 4000)
x11.XSetInputFocus(display, root, 1, 0)  # RevertToPointerRoot, CurrentTime
x11.XSync(display, 0)
x11.XCloseDisplay(display)
