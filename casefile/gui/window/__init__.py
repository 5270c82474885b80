"""The window itself: the app's start, the main window, its action registry, menus and the welcome page."""
