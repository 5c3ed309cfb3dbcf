"""Offline speech for announcements: espeak-ng's Vietnamese voice, cached per phrase, plus a fake.

Every announcement is one WAV: a chime, then the sentence repeated with a pause between, so a
screen plays one file per call and two calls can never talk over each other.
"""
import hashlib
import io
import os
import threading
import math
import struct
import subprocess
import wave
from pathlib import Path
from typing import Protocol

RATE = 22050  # espeak-ng's output rate; the chime and silences are made at the same rate


class Synthesizer(Protocol):
    voice: str

    def speak(self, text: str) -> bytes:
        """Mono 16-bit WAV of ``text``."""


class EspeakSynthesizer:
    """``espeak-ng -v vi``; each phrase is synthesised once and kept in ``cache_dir``."""

    def __init__(self, cache_dir: Path, voice: str = "vi", speed: int = 135):
        self.cache_dir = Path(cache_dir)
        self.voice = voice
        self.speed = speed

    def speak(self, text: str) -> bytes:
        key = hashlib.sha256(f"{self.voice}|{self.speed}|{text}".encode()).hexdigest()[:32]
        path = self.cache_dir / f"{key}.wav"
        if not path.exists():
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # A name of its own: a board and a test asking for the same phrase at once must not share it.
            partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            subprocess.run(["espeak-ng", "-v", self.voice, "-s", str(self.speed), "-w", str(partial), text],
                           check=True, capture_output=True, timeout=30)
            partial.replace(path)  # atomic: a concurrent reader never sees half a file
        return path.read_bytes()


class FakeSynthesizer:
    """Silence of a length that grows with the text; remembers what it was asked to say."""

    voice = "fake"

    def __init__(self):
        self.spoken: list[str] = []

    def speak(self, text: str) -> bytes:
        self.spoken.append(text)
        return to_wav(b"\x00\x00" * int(RATE * 0.02 * len(text)))


def to_wav(frames: bytes, rate: int = RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def frames_of(wav_bytes: bytes) -> bytes:
    with wave.open(io.BytesIO(wav_bytes)) as source:
        if (source.getnchannels(), source.getsampwidth(), source.getframerate()) != (1, 2, RATE):
            raise ValueError("expected mono 16-bit 22050 Hz audio")
        return source.readframes(source.getnframes())


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(RATE * seconds)


def chime() -> bytes:
    """A soft two-note "ding-dong" (E5 then C5) with a decaying envelope."""
    frames = bytearray()
    for frequency, seconds in ((659.25, 0.45), (523.25, 0.7)):
        count = int(RATE * seconds)
        for i in range(count):
            envelope = math.exp(-3.5 * i / count)
            frames += struct.pack("<h", int(9000 * envelope * math.sin(2 * math.pi * frequency * i / RATE)))
    return bytes(frames)


def announcement_wav(synthesizer: Synthesizer, text: str, repeat: int = 2, with_chime: bool = True) -> bytes:
    """Chime, then ``text`` ``repeat`` times with a pause between: one file, played start to end."""
    spoken = frames_of(synthesizer.speak(text))
    parts = [chime(), silence(0.3)] if with_chime else []
    for i in range(max(1, repeat)):
        parts += [spoken, silence(0.8 if i < repeat - 1 else 0.2)]
    return to_wav(b"".join(parts))
