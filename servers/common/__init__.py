"""Code shared by the Flask-SocketIO reference servers and their self-tests.

Scripts under servers/ put servers/ on sys.path and import ``common.*``.
"""
