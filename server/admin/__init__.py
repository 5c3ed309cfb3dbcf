"""Administration, live supervision and reports: server-rendered pages with Flask-WTF forms."""


def init_app(app) -> None:
    from flask_wtf.csrf import CSRFError, generate_csrf

    from .views import admin, csrf_refused
    app.register_blueprint(admin)
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.register_error_handler(CSRFError, csrf_refused)
