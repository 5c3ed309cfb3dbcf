"""How a call is said in Vietnamese: numbers read the way people read them, and the sentence.

Plain Python, no I/O. ``read_number(1005)`` → "một nghìn không trăm linh năm".
"""
import re

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
DEFAULT_TEMPLATE = "Xin mời công dân có số thứ tự {number} đến quầy số {counter}"
_TICKET = re.compile(r"^([A-Z]*)(\d+)$")


def _below_thousand(n: int, full: bool) -> str:
    """0 < n < 1000. ``full``: a higher group came before, so "không trăm" and "linh" are said."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += ["linh", DIGITS[units]]
        elif units:
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return " ".join(words)


def read_number(n: int) -> str:
    """Words for 0 ≤ n < 1,000,000,000."""
    if n < 0 or n >= 10 ** 9:
        raise ValueError("out of range")
    if n == 0:
        return "không"
    groups = [(n // 10 ** 6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")]
    words: list[str] = []
    for value, unit in groups:
        if value:
            words.append(_below_thousand(value, full=bool(words)))
            if unit:
                words.append(unit)
    return " ".join(words)


def read_digits(text: str) -> str:
    return " ".join(DIGITS[int(c)] if c.isdigit() else c for c in text)


def read_ticket(number: str, mode: str = "words") -> str:
    """A ticket number as spoken: "1005" → words; "A012" → "A không một hai" (leading zeros: digits)."""
    match = _TICKET.match(number)
    if not match:
        raise ValueError(f"not a ticket number: {number}")
    prefix, digits = match.groups()
    spoken = read_digits(digits) if mode == "digits" or digits.startswith("0") else read_number(int(digits))
    return f"{' '.join(prefix)} {spoken}".strip()


def announcement_text(number: str, counter: int, template: str = DEFAULT_TEMPLATE, mode: str = "words") -> str:
    """The sentence for one call, from the site's template with {number} and {counter}."""
    return template.format(number=read_ticket(number, mode), counter=read_number(counter))
