"""The ticket state machine of the brief, as a table of allowed moves."""
from enum import Enum

from .errors import Conflict


class Status(str, Enum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    ON_HOLD = "on_hold"
    TRANSFERRED = "transferred"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Action(str, Enum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    HOLD = "hold"
    RETURN = "return"
    TRANSFER = "transfer"
    REINSTATE = "reinstate"
    CANCEL = "cancel"
    EXPIRE = "expire"


S, A = Status, Action

# Tickets in these states stand in a sector's queue and can be called.
QUEUED = frozenset({S.WAITING, S.TRANSFERRED})
# No move leaves these (a no-show can still be reinstated, so it is not here).
FINAL = frozenset({S.DONE, S.CANCELLED, S.EXPIRED})
# Still open at the end of the service day: these become expired.
EXPIRABLE = frozenset({S.WAITING, S.TRANSFERRED, S.ON_HOLD, S.CALLED, S.SERVING})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (S.WAITING, A.CALL): S.CALLED,
    (S.TRANSFERRED, A.CALL): S.CALLED,
    (S.CALLED, A.RECALL): S.CALLED,
    (S.CALLED, A.START): S.SERVING,
    # Officers often serve without pressing "start": finishing a called ticket is allowed.
    (S.CALLED, A.FINISH): S.DONE,
    (S.SERVING, A.FINISH): S.DONE,
    (S.CALLED, A.NO_SHOW): S.NO_SHOW,
    (S.CALLED, A.HOLD): S.ON_HOLD,
    (S.SERVING, A.HOLD): S.ON_HOLD,
    (S.ON_HOLD, A.RETURN): S.WAITING,
    (S.NO_SHOW, A.REINSTATE): S.WAITING,
    (S.WAITING, A.TRANSFER): S.TRANSFERRED,
    (S.TRANSFERRED, A.TRANSFER): S.TRANSFERRED,
    (S.CALLED, A.TRANSFER): S.TRANSFERRED,
    (S.SERVING, A.TRANSFER): S.TRANSFERRED,
    **{(s, A.CANCEL): S.CANCELLED for s in (S.WAITING, S.TRANSFERRED, S.CALLED, S.SERVING, S.ON_HOLD)},
    **{(s, A.EXPIRE): S.EXPIRED for s in EXPIRABLE},
}

STATUS_VI = {
    S.WAITING: "đang chờ", S.CALLED: "đã gọi", S.SERVING: "đang phục vụ", S.DONE: "đã xong",
    S.ON_HOLD: "tạm hoãn", S.TRANSFERRED: "đã chuyển lĩnh vực", S.NO_SHOW: "vắng mặt",
    S.CANCELLED: "đã hủy", S.EXPIRED: "hết hạn",
}
ACTION_VI = {
    A.CALL: "gọi", A.RECALL: "gọi lại", A.START: "bắt đầu phục vụ", A.FINISH: "hoàn thành",
    A.NO_SHOW: "đánh dấu vắng mặt", A.HOLD: "tạm hoãn", A.RETURN: "đưa trở lại hàng chờ",
    A.TRANSFER: "chuyển lĩnh vực", A.REINSTATE: "khôi phục", A.CANCEL: "hủy", A.EXPIRE: "hết hạn",
}


def next_status(status: Status, action: Action) -> Status:
    """The state after ``action``, or a Conflict that says why it is not allowed."""
    try:
        return TRANSITIONS[(Status(status), Action(action))]
    except KeyError:
        status, action = Status(status), Action(action)
        raise Conflict(
            "illegal_transition",
            f"Không thể {ACTION_VI[action]} vé đang ở trạng thái «{STATUS_VI[status]}».",
            f"Cannot {action.value.replace('_', ' ')} a ticket that is {status.value.replace('_', ' ')}.",
            status=status.value, action=action.value,
        ) from None


def allowed_actions(status: Status) -> list[Action]:
    """Actions a screen may offer for a ticket in ``status`` (EXPIRE is the system's own)."""
    return [a for (s, a) in TRANSITIONS if s == status and a is not Action.EXPIRE]


def check_recall(recalls_so_far: int, recall_limit: int) -> None:
    """A called ticket may be recalled ``recall_limit`` times; after that, mark it no-show."""
    if recalls_so_far >= recall_limit:
        raise Conflict(
            "recall_limit_reached",
            f"Đã gọi lại {recalls_so_far} lần (tối đa {recall_limit}). Hãy đánh dấu vắng mặt.",
            f"Already recalled {recalls_so_far} times (limit {recall_limit}). Mark it no-show.",
            recalls=recalls_so_far, limit=recall_limit,
        )
