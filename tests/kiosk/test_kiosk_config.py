"""Settings: the shipped TOML example loads, options win over it, mistakes are refused with a clear message."""
from pathlib import Path

import pytest

from kiosk.program import read_config

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "kiosk" / "kiosk.toml"


def test_the_shipped_example_loads_with_its_printer_and_pins():
    config = read_config(["--config", str(EXAMPLE)])
    assert config.printer == {"kind": "usb", "vendor": "0x0416", "product": "0x5011"}
    assert config.sector_buttons == {"dat-dai": 17, "ho-tich": 27} and config.status_led == 22
    assert (config.host, config.paper_mm, config.language) == ("127.0.0.1", 80, "vi")


def test_options_win_over_the_file():
    config = read_config(["--config", str(EXAMPLE), "--server", "http://10.0.0.2:5000", "--token", "dev_x",
                          "--paper-mm", "58", "--language", "en", "--printer", "network:192.168.1.50"])
    assert (config.server, config.token, config.paper_mm, config.language) == ("http://10.0.0.2:5000", "dev_x",
                                                                               58, "en")
    assert config.printer == {"kind": "network", "host": "192.168.1.50"}


@pytest.mark.parametrize("toml, message", [
    ('token = "dev_x"\npaper_mn = 58\n', "unknown setting(s) paper_mn"),
    ('token = "dev_x"\npaper_mm = 57\n', "paper_mm must be 58 or 80"),
    ('token = "dev_x"\n[printer]\nkind = "laser"\n', "printer kind must be one of"),
    ('site = "demo"\n', "a device token is required"),
])
def test_mistakes_in_the_file_are_refused(tmp_path, toml, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(SystemExit, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_config(["--config", str(path)])


def test_a_bad_printer_option_is_refused(capsys):
    with pytest.raises(SystemExit):
        read_config(["--token", "dev_x", "--printer", "usb:0416"])
    assert "usb:VVVV:PPPP" in capsys.readouterr().err
