"""Admin and supervisor pages. Each view: check the role, validate the form, call one service."""
import secrets
from datetime import date, timedelta
from functools import wraps

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from ..domain.calendar import local_time
from ..domain.errors import QueueError
from ..domain.ratings import DEFAULT_REASONS, DEFAULT_WINDOW_SECONDS
from ..domain.states import Action
from ..services import admin_config as config
from ..services.auth import authenticate, login, logout
from ..services.counters import change_counter_state
from ..services.reports import GROUPS, build_report, columns, report_csv, report_xlsx
from ..services.supervision import site_overview
from ..services.tickets import act_on_ticket
from ..store.models import (
    Counter,
    Device,
    PriorityCategory,
    Sector,
    Site,
    User,
    UserSite,
)
from ..web.auth import CSRF_COOKIE, SESSION_COOKIE
from .forms import (
    ActionForm,
    CancelForm,
    CounterForm,
    DeviceForm,
    LoginForm,
    OfficerForm,
    PriorityForm,
    SectorForm,
    SettingsForm,
    SiteForm,
)

admin = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static",
                  static_url_path="/static")


def services():
    return current_app.extensions["motcua"]


def staff(*roles):
    """Signed-in users with one of ``roles``; others are sent to sign in or told they may not."""
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                g.actor = authenticate(services(), request.cookies.get(SESSION_COOKIE))
            except QueueError as error:
                flash(error.vi, "error")
                return redirect(url_for("admin.sign_in", next=request.path))
            if g.actor.role not in roles:
                return render_template("admin/refused.html", message="Bạn không có quyền vào trang này.",
                                       message_en="You are not allowed to open this page."), 403
            return view(*args, **kwargs)
        return wrapped
    return decorate


def csrf_refused(error):
    return render_template("admin/refused.html", message="Biểu mẫu hết hạn hoặc thiếu mã bảo vệ (CSRF). Hãy tải lại trang và thử lại.",
                           message_en="The form expired or had no CSRF token. Reload the page and try again."), 400


def attempt(action, success: str):
    """Run a service call; on a rule violation flash its message and say so."""
    try:
        result = action()
    except QueueError as error:
        flash(f"{error.vi} / {error.en}", "error")
        return False, None
    flash(success, "ok")
    return True, result


def site_row(code):
    with services().read() as s:
        site = s.scalar(select(Site).where(Site.code == code))
    if site is None or not g.actor.may_use_site(site.id):
        return None
    return site


@admin.route("/login", methods=["GET", "POST"])
def sign_in():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            token, user = login(services(), form.username.data, form.password.data)
        except QueueError as error:
            flash(error.vi, "error")
            return render_template("admin/login.html", form=form), 401
        target = request.args.get("next") or url_for("admin.home")
        response = redirect(target if target.startswith("/") else url_for("admin.home"))
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
        response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(24), samesite="Strict", secure=request.is_secure)
        return response
    return render_template("admin/login.html", form=form)


@admin.post("/logout")
@staff("admin", "supervisor", "officer")
def sign_out():
    if ActionForm().validate_on_submit():
        logout(services(), request.cookies.get(SESSION_COOKIE))
    response = redirect(url_for("admin.sign_in"))
    response.delete_cookie(SESSION_COOKIE)
    return response


@admin.route("/", methods=["GET", "POST"])
@staff("admin", "supervisor")
def home():
    form = SiteForm()
    if g.actor.role == "admin" and form.validate_on_submit():
        attempt(lambda: config.save_site(services(), g.actor, form.code.data, form.name.data, form.name_en.data or "",
                                         form.timezone.data, form.address.data or "", create=True), "Đã tạo điểm phục vụ.")
        return redirect(url_for("admin.home"))
    with services().read() as s:
        sites = [x for x in s.scalars(select(Site).order_by(Site.code)) if g.actor.may_use_site(x.id)]
    return render_template("admin/home.html", sites=sites, form=form)


@admin.route("/<site>/", methods=["GET", "POST"])
@staff("admin")
def site_config(site):
    row = site_row(site)
    if row is None:
        return render_template("admin/refused.html", message="Không có điểm phục vụ này.", message_en="No such site."), 404
    form = SiteForm(obj=row) if request.method == "GET" else SiteForm()
    if form.validate_on_submit():
        attempt(lambda: config.save_site(services(), g.actor, site, form.name.data, form.name_en.data or "",
                                         form.timezone.data, form.address.data or ""), "Đã lưu.")
        return redirect(url_for("admin.site_config", site=site))
    with services().read() as s:
        sectors = s.scalars(select(Sector).where(Sector.site_id == row.id).order_by(Sector.position, Sector.id)).all()
        counters = s.scalars(select(Counter).where(Counter.site_id == row.id).order_by(Counter.number)).all()
        counter_sectors = {c.number: [(a.sector.code, a.role) for a in c.assignments] for c in counters}
        devices = s.scalars(select(Device).where(Device.site_id == row.id).order_by(Device.kind, Device.id)).all()
        priorities = s.scalars(select(PriorityCategory).where(PriorityCategory.site_id == row.id)
                               .order_by(PriorityCategory.position)).all()
        counter_numbers = {c.id: c.number for c in counters}
    return render_template("admin/site.html", site=row, form=form, sectors=sectors, counters=counters,
                           counter_sectors=counter_sectors, devices=devices, priorities=priorities,
                           counter_numbers=counter_numbers, action=ActionForm(), priority_form=PriorityForm())


def _sector_data(form: SectorForm) -> dict:
    return {"code": form.code.data.strip(), "name_vi": form.name_vi.data.strip(), "name_en": form.name_en.data or "",
            "prefix": (form.prefix.data or "").strip().upper(), "width": form.width.data,
            "first_number": form.first_number.data or 0, "hours": form.hours.data or "",
            "daily_quota": form.daily_quota.data, "default_service_seconds": form.default_service_minutes.data * 60}


@admin.route("/<site>/sectors/new", methods=["GET", "POST"], defaults={"code": None})
@admin.route("/<site>/sectors/<code>", methods=["GET", "POST"])
@staff("admin")
def sector(site, code):
    form = SectorForm()
    if request.method == "GET" and code:
        with services().read() as s:
            row = s.scalar(select(Sector).join(Site).where(Site.code == site, Sector.code == code))
        if row:
            form = SectorForm(obj=row, default_service_minutes=row.default_service_seconds // 60)
    if form.validate_on_submit():
        ok, _ = attempt(lambda: config.save_sector(services(), g.actor, site, _sector_data(form), code), "Đã lưu lĩnh vực.")
        if ok:
            return redirect(url_for("admin.site_config", site=site))
        return render_template("admin/form.html", form=form, title="Lĩnh vực / Sector"), 400
    status = 400 if request.method == "POST" else 200
    return render_template("admin/form.html", form=form, title="Lĩnh vực / Sector"), status


@admin.post("/<site>/sectors/<code>/delete")
@staff("admin")
def sector_delete(site, code):
    if ActionForm().validate_on_submit():
        ok, _ = attempt(lambda: config.delete_sector(services(), g.actor, site, code), "Đã xóa (hoặc tạm ngừng) lĩnh vực.")
        if not ok:
            return redirect(url_for("admin.site_config", site=site)), 303
    return redirect(url_for("admin.site_config", site=site))


def _sector_choices(site):
    with services().read() as s:
        return [(x.code, x.name_vi) for x in s.scalars(select(Sector).join(Site).where(Site.code == site, Sector.enabled))]


@admin.route("/<site>/counters/new", methods=["GET", "POST"], defaults={"number": None})
@admin.route("/<site>/counters/<int:number>", methods=["GET", "POST"])
@staff("admin", "supervisor")
def counter(site, number):
    form = CounterForm()
    form.primary.choices = form.backup.choices = _sector_choices(site)
    if number is None and g.actor.role != "admin":
        return render_template("admin/refused.html", message="Chỉ quản trị viên tạo quầy.", message_en="Admins only."), 403
    if request.method == "GET" and number:
        with services().read() as s:
            row = s.scalar(select(Counter).join(Site).where(Site.code == site, Counter.number == number))
            if row:
                form.number.data, form.name.data = row.number, row.name
                form.primary.data = [a.sector.code for a in row.assignments if a.role == "primary"]
                form.backup.data = [a.sector.code for a in row.assignments if a.role == "backup"]
    if form.validate_on_submit():
        assignments = [(c, "primary") for c in form.primary.data] + [(c, "backup") for c in form.backup.data
                                                                       if c not in form.primary.data]
        ok, _ = attempt(lambda: config.save_counter(services(), g.actor, site, number or form.number.data,
                                                    form.name.data or "", assignments, create=number is None),
                        "Đã lưu quầy.")
        if ok:
            back = "admin.site_config" if g.actor.role == "admin" else "admin.supervise"
            return redirect(url_for(back, site=site))
    return render_template("admin/form.html", form=form, title="Quầy / Counter"), 400 if request.method == "POST" else 200


@admin.route("/officers", methods=["GET", "POST"])
@admin.route("/officers/<username>", methods=["GET", "POST"])
@staff("admin")
def officer(username=None):
    form = OfficerForm()
    with services().read() as s:
        form.sites.choices = [(x.code, x.name) for x in s.scalars(select(Site).order_by(Site.code))]
        users = s.scalars(select(User).order_by(User.username)).all()
        if request.method == "GET" and username:
            row = s.scalar(select(User).where(User.username == username))
            if row:
                form.username.data, form.display_name.data, form.role.data = row.username, row.display_name, row.role
                form.sites.data = list(s.scalars(select(Site.code).join(UserSite, UserSite.site_id == Site.id)
                                                 .where(UserSite.user_id == row.id)))
    if form.validate_on_submit():
        ok, _ = attempt(lambda: config.save_officer(services(), g.actor, username or form.username.data,
                                                    form.display_name.data, form.role.data, form.sites.data,
                                                    form.password.data or None, create=username is None),
                        "Đã lưu cán bộ.")
        if ok:
            return redirect(url_for("admin.officer"))
    return render_template("admin/officers.html", form=form, users=users, editing=username)


@admin.route("/<site>/devices/new", methods=["GET", "POST"])
@staff("admin")
def device(site):
    form = DeviceForm()
    if form.validate_on_submit():
        ok, token = attempt(lambda: config.register_device(services(), g.actor, site, form.kind.data, form.name.data,
                                                           form.counter.data), "Đã tạo thiết bị.")
        if ok:
            return render_template("admin/token.html", token=token, site=site, name=form.name.data)
    return render_template("admin/form.html", form=form, title="Thiết bị / Device")


@admin.post("/<site>/devices/<int:device_id>/revoke")
@staff("admin")
def device_revoke(site, device_id):
    if ActionForm().validate_on_submit():
        attempt(lambda: config.revoke_device(services(), g.actor, site, device_id), "Đã thu hồi mã thiết bị.")
    return redirect(url_for("admin.site_config", site=site))


@admin.post("/<site>/priorities")
@staff("admin")
def priority(site):
    form = PriorityForm()
    if form.validate_on_submit():
        remove = request.form.get("remove") == "1"
        attempt(lambda: config.save_priority(services(), g.actor, site, form.code.data, form.name_vi.data,
                                             form.name_en.data or "", remove), "Đã lưu đối tượng ưu tiên.")
    return redirect(url_for("admin.site_config", site=site))


@admin.route("/<site>/settings", methods=["GET", "POST"])
@staff("admin")
def settings(site):
    row = site_row(site)
    form = SettingsForm()
    if request.method == "GET" and row:
        st = row.settings
        form.ticker.data = st.get("ticker", "")
        form.announcement_template.data = st.get("announcement_template",
                                                 "Xin mời công dân có số thứ tự {number} đến quầy số {counter}")
        form.announcement_repeat.data = st.get("announcement_repeat", 2)
        form.number_reading.data = st.get("number_reading", "words")
        form.rating_scale.data = str(st.get("rating_scale", 3))
        form.rating_window_seconds.data = st.get("rating_window_seconds", DEFAULT_WINDOW_SECONDS)
        form.rating_reasons.data = "\n".join(" | ".join(r) for r in st.get("rating_reasons", DEFAULT_REASONS))
        form.recall_limit.data = st.get("recall_limit", 3)
    if form.validate_on_submit():
        reasons = [[p.strip() for p in line.split("|")] for line in (form.rating_reasons.data or "").splitlines()
                   if line.strip()]
        changes = {"ticker": form.ticker.data or "", "announcement_template": form.announcement_template.data,
                   "announcement_repeat": form.announcement_repeat.data, "number_reading": form.number_reading.data,
                   "rating_scale": int(form.rating_scale.data), "rating_window_seconds": form.rating_window_seconds.data,
                   "recall_limit": form.recall_limit.data,
                   "rating_reasons": [r + [""] * (3 - len(r)) for r in reasons if r[0]]}
        ok, _ = attempt(lambda: config.update_settings(services(), g.actor, site, changes), "Đã lưu cài đặt.")
        if ok:
            return redirect(url_for("admin.site_config", site=site))
    return render_template("admin/form.html", form=form, title="Cài đặt / Settings")


@admin.get("/<site>/supervise")
@staff("admin", "supervisor")
def supervise(site):
    try:
        overview = site_overview(services(), g.actor, site)
    except QueueError as error:
        return render_template("admin/refused.html", message=error.vi, message_en=error.en), 403
    return render_template("admin/supervise.html", o=overview, site=site, action=ActionForm(), cancel=CancelForm())


@admin.post("/<site>/supervise/counters/<int:number>/<any(open,close):state>")
@staff("admin", "supervisor")
def supervise_counter(site, number, state):
    if ActionForm().validate_on_submit():
        attempt(lambda: change_counter_state(services(), g.actor, site, number, "open" if state == "open" else "closed"),
                f"Quầy {number}: đã {'mở' if state == 'open' else 'đóng'}.")
    return redirect(url_for("admin.supervise", site=site))


@admin.post("/<site>/supervise/tickets/<int:ticket_id>/cancel")
@staff("admin", "supervisor")
def supervise_cancel(site, ticket_id):
    form = CancelForm()
    if form.validate_on_submit():
        attempt(lambda: act_on_ticket(services(), g.actor, site, ticket_id, Action.CANCEL, form.reason.data),
                "Đã hủy vé.")
    else:
        flash("Cần nhập lý do hủy. / A reason is required.", "error")
    return redirect(url_for("admin.supervise", site=site))


def _report_args(site):
    today = local_time(services().clock.now(), "Asia/Ho_Chi_Minh").date()
    start = date.fromisoformat(request.args.get("from") or (today - timedelta(days=6)).isoformat())
    end = date.fromisoformat(request.args.get("to") or today.isoformat())
    group = request.args.get("group", "day")
    return build_report(services(), g.actor, site, start, end, group)


@admin.get("/<site>/reports")
@staff("admin", "supervisor")
def reports(site):
    try:
        report = _report_args(site)
    except (QueueError, ValueError) as error:
        flash(getattr(error, "vi", "Ngày không hợp lệ (YYYY-MM-DD)."), "error")
        return render_template("admin/reports.html", report=None, site=site, groups=GROUPS, cols=[]), 400
    return render_template("admin/reports.html", report=report, site=site, groups=GROUPS, cols=columns(report))


@admin.get("/<site>/reports.<any(csv,xlsx):kind>")
@staff("admin", "supervisor")
def report_file(site, kind):
    report = _report_args(site)
    name = f"bao-cao-{site}-{report['from']}-{report['to']}-{report['group']}.{kind}"
    if kind == "csv":
        return Response(report_csv(report), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
    return Response(report_xlsx(report), headers={"Content-Disposition": f"attachment; filename={name}"},
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
