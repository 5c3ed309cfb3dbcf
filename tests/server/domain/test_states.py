"""The state machine, checked exhaustively and by random walks."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.errors import Conflict
from server.domain.states import (
    FINAL,
    QUEUED,
    TRANSITIONS,
    Action,
    Status,
    allowed_actions,
    check_recall,
    next_status,
)

S, A = Status, Action

EXPECTED = {
    S.WAITING: {A.CALL: S.CALLED, A.TRANSFER: S.TRANSFERRED, A.CANCEL: S.CANCELLED, A.EXPIRE: S.EXPIRED},
    S.TRANSFERRED: {A.CALL: S.CALLED, A.TRANSFER: S.TRANSFERRED, A.CANCEL: S.CANCELLED, A.EXPIRE: S.EXPIRED},
    S.CALLED: {A.RECALL: S.CALLED, A.START: S.SERVING, A.FINISH: S.DONE, A.NO_SHOW: S.NO_SHOW, A.HOLD: S.ON_HOLD,
               A.TRANSFER: S.TRANSFERRED, A.CANCEL: S.CANCELLED, A.EXPIRE: S.EXPIRED},
    S.SERVING: {A.FINISH: S.DONE, A.HOLD: S.ON_HOLD, A.TRANSFER: S.TRANSFERRED, A.CANCEL: S.CANCELLED,
                A.EXPIRE: S.EXPIRED},
    S.ON_HOLD: {A.RETURN: S.WAITING, A.CANCEL: S.CANCELLED, A.EXPIRE: S.EXPIRED},
    S.NO_SHOW: {A.REINSTATE: S.WAITING},
    S.DONE: {}, S.CANCELLED: {}, S.EXPIRED: {},
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_every_pair_is_allowed_exactly_as_the_brief_says(status, action):
    expected = EXPECTED[status].get(action)
    if expected is None:
        with pytest.raises(Conflict) as error:
            next_status(status, action)
        assert error.value.code == "illegal_transition"
        assert error.value.vi and error.value.en
    else:
        assert next_status(status, action) is expected


def test_the_table_has_no_move_the_expectations_do_not_list():
    assert len(TRANSITIONS) == sum(len(moves) for moves in EXPECTED.values())


def test_error_messages_are_readable_vietnamese():
    with pytest.raises(Conflict) as error:
        next_status(S.DONE, A.RECALL)
    assert error.value.vi == "Không thể gọi lại vé đang ở trạng thái «đã xong»."


def test_allowed_actions_never_offers_expire():
    assert Action.EXPIRE not in allowed_actions(S.WAITING)
    assert set(allowed_actions(S.CALLED)) == set(EXPECTED[S.CALLED]) - {A.EXPIRE}


@given(st.lists(st.sampled_from(list(Action)), max_size=40))
def test_random_walks_never_leave_a_final_state_and_only_queued_tickets_get_called(actions):
    status = S.WAITING
    for action in actions:
        try:
            after = next_status(status, action)
        except Conflict:
            continue
        assert status not in FINAL
        if action is A.CALL:
            assert status in QUEUED
        if after in QUEUED and status not in QUEUED:
            assert action in (A.RETURN, A.REINSTATE, A.TRANSFER)
        status = after


@given(st.integers(0, 10), st.integers(0, 10))
def test_recall_limit(recalls, limit):
    if recalls < limit:
        check_recall(recalls, limit)
    else:
        with pytest.raises(Conflict) as error:
            check_recall(recalls, limit)
        assert error.value.code == "recall_limit_reached"
