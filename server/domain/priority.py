"""Priority categories are data: these are only the defaults a new site starts with."""
from dataclasses import dataclass


@dataclass(frozen=True)
class PriorityCategory:
    code: str
    name_vi: str
    name_en: str


DEFAULT_CATEGORIES = (
    PriorityCategory("elderly", "Người cao tuổi", "Elderly person"),
    PriorityCategory("disabled", "Người khuyết tật", "Person with a disability"),
    PriorityCategory("pregnant", "Phụ nữ mang thai", "Pregnant woman"),
    PriorityCategory("young_child", "Người đi cùng trẻ em dưới 6 tuổi", "Accompanying a child under 6"),
    PriorityCategory("merit", "Người có công với cách mạng", "Person with meritorious service to the revolution"),
)
