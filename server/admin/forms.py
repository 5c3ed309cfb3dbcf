"""Flask-WTF forms of the admin pages: CSRF on every form, field checks here, rule checks in the domain."""
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập / Username", validators=[DataRequired()])
    password = PasswordField("Mật khẩu / Password", validators=[DataRequired()])


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class SiteForm(FlaskForm):
    code = StringField("Mã điểm / Code", validators=[DataRequired(), Length(max=40)])
    name = StringField("Tên / Name (vi)", validators=[DataRequired(), Length(max=200)])
    name_en = StringField("Name (en)", validators=[Optional(), Length(max=200)])
    timezone = StringField("Múi giờ / Time zone", default="Asia/Ho_Chi_Minh", validators=[DataRequired()])
    address = StringField("Địa chỉ (in trên phiếu) / Address", validators=[Optional(), Length(max=300)])


class SectorForm(FlaskForm):
    code = StringField("Mã / Code", validators=[DataRequired(), Length(max=40)])
    name_vi = StringField("Tên tiếng Việt", validators=[DataRequired(), Length(max=200)])
    name_en = StringField("Name in English", validators=[Optional(), Length(max=200)])
    prefix = StringField("Tiền tố số / Prefix", validators=[Optional(), Length(max=4)])
    width = IntegerField("Số chữ số / Width", default=4, validators=[DataRequired(), NumberRange(1, 6)])
    first_number = IntegerField("Số đầu tiên / First number", default=1, validators=[NumberRange(0, 999999)])
    hours = StringField("Giờ cấp số / Issuing hours (vd. 07:00-11:15, 13:00-16:30)", validators=[Optional()])
    daily_quota = IntegerField("Hạn mức/ngày / Daily quota", validators=[Optional(), NumberRange(1, 100000)])
    default_service_minutes = IntegerField("Thời gian phục vụ mặc định (phút)", default=10,
                                           validators=[DataRequired(), NumberRange(1, 240)])


class CounterForm(FlaskForm):
    number = IntegerField("Số quầy / Number", validators=[DataRequired(), NumberRange(1, 999)])
    name = StringField("Tên quầy / Name", validators=[Optional(), Length(max=200)])
    primary = SelectMultipleField("Lĩnh vực chính / Primary sectors", validators=[DataRequired()])
    backup = SelectMultipleField("Lĩnh vực dự phòng / Backup sectors", validators=[Optional()])


class OfficerForm(FlaskForm):
    username = StringField("Tên đăng nhập / Username", validators=[DataRequired(), Length(max=80)])
    display_name = StringField("Họ tên / Full name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Vai trò / Role", choices=[("officer", "Cán bộ / Officer"), ("supervisor", "Giám sát / Supervisor"),
                                                  ("admin", "Quản trị / Admin")])
    sites = SelectMultipleField("Điểm phục vụ / Sites")
    password = PasswordField("Mật khẩu mới / New password (≥ 8)", validators=[Optional(), Length(min=8)])


class DeviceForm(FlaskForm):
    kind = SelectField("Loại / Kind", choices=[("kiosk", "Kiosk lấy số"), ("display", "Màn hình sảnh"),
                                               ("keypad", "Bàn phím quầy"), ("rating", "Màn hình/bàn phím đánh giá")])
    name = StringField("Tên / Name", validators=[DataRequired(), Length(max=200)])
    counter = IntegerField("Quầy (cho bàn phím, đánh giá) / Counter", validators=[Optional()])


class SettingsForm(FlaskForm):
    ticker = TextAreaField("Dòng chữ chạy / Ticker", validators=[Optional(), Length(max=1000)])
    announcement_template = StringField("Câu gọi số / Call sentence", validators=[DataRequired()])
    announcement_repeat = IntegerField("Số lần đọc / Repetitions", validators=[NumberRange(1, 5)])
    number_reading = SelectField("Cách đọc số", choices=[("words", "Đọc thành lời"), ("digits", "Đọc từng chữ số")])
    rating_scale = SelectField("Thang đánh giá / Rating scale", choices=[("3", "3"), ("4", "4"), ("5", "5")])
    rating_window_seconds = IntegerField("Thời gian đánh giá (giây)", validators=[NumberRange(10, 600)])
    rating_reasons = TextAreaField("Lý do không hài lòng (mỗi dòng: mã | tiếng Việt | English)", validators=[Optional()])
    recall_limit = IntegerField("Số lần gọi lại tối đa", validators=[NumberRange(1, 10)])


class PriorityForm(FlaskForm):
    code = StringField("Mã / Code", validators=[DataRequired(), Length(max=40)])
    name_vi = StringField("Tên tiếng Việt", validators=[DataRequired()])
    name_en = StringField("Name in English", validators=[Optional()])


class CancelForm(FlaskForm):
    reason = StringField("Lý do hủy / Reason", validators=[DataRequired(), Length(max=200)])
