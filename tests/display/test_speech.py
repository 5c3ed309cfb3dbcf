import io
import shutil
import wave

import pytest

from display.speech import announcement_text, read_number, read_ticket
from hardware.audio import RATE, EspeakSynthesizer, FakeSynthesizer, announcement_wav


@pytest.mark.parametrize("n, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (101, "một trăm linh một"),
    (105, "một trăm linh năm"), (110, "một trăm mười"), (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"), (1010, "một nghìn không trăm mười"), (1234, "một nghìn hai trăm ba mươi tư"),
    (2001, "hai nghìn không trăm linh một"), (15000, "mười lăm nghìn"), (1000000, "một triệu"),
])
def test_numbers_are_read_the_way_vietnamese_speakers_read_them(n, words):
    assert read_number(n) == words


def test_ticket_numbers_and_the_sentence():
    assert read_ticket("A012") == "A không một hai"
    assert read_ticket("1005", "digits") == "một không không năm"
    assert announcement_text("1005", 3) == (
        "Xin mời công dân có số thứ tự một nghìn không trăm linh năm đến quầy số ba")
    assert announcement_text("7", 12, "Mời số {number} tới quầy {counter}") == "Mời số bảy tới quầy mười hai"


def test_an_announcement_is_chime_then_the_sentence_repeated():
    fake = FakeSynthesizer()
    once = announcement_wav(fake, "một hai ba", repeat=1)
    twice = announcement_wav(fake, "một hai ba", repeat=2)
    seconds = lambda wav: wave.open(io.BytesIO(wav)).getnframes() / RATE
    assert fake.spoken == ["một hai ba", "một hai ba"]
    assert seconds(twice) > seconds(once) > 1.4  # the chime alone is 1.15 s


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make system-deps)")
def test_espeak_speaks_vietnamese_offline_and_caches_each_phrase(tmp_path):
    synth = EspeakSynthesizer(tmp_path)
    first = synth.speak("Xin mời số một nghìn không trăm linh năm")
    assert len(list(tmp_path.glob("*.wav"))) == 1
    assert synth.speak("Xin mời số một nghìn không trăm linh năm") == first
    with wave.open(io.BytesIO(first)) as sound:
        assert sound.getframerate() == RATE and sound.getnframes() / RATE > 1.5
