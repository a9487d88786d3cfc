"""The things profiles refer to: cohorts, academic periods with their form classes,
campuses, presentation groups and library groups. List, add, rename, remove each.

Exactly one academic period is current once any exists. Removing something still in use
is refused with the number of patrons using it and the way out; where moving them is
harmless (a campus, a presentation group, a library group, a form class) the caller may
name another one to move them to, in the same transaction, each move audited.
"""

from store.settings.cohorts import (
    cohort_label,
    create_cohort,
    list_cohorts,
    remove_cohort,
    rename_cohort,
)
from store.settings.common import (
    SettingItem,
)
from store.settings.library_groups import (
    change_library_group,
    create_library_group,
    list_library_groups,
    remove_library_group,
    rights_of,
)
from store.settings.periods import (
    create_form_class,
    create_period,
    current_period,
    list_form_classes,
    list_periods,
    remove_form_class,
    remove_period,
    rename_form_class,
    rename_period,
    set_current_period,
)
from store.settings.places import (
    create_campus,
    create_presentation_group,
    list_campuses,
    list_presentation_groups,
    remove_campus,
    remove_presentation_group,
    rename_campus,
    rename_presentation_group,
)

__all__ = [
    "SettingItem",
    "change_library_group",
    "cohort_label",
    "create_campus",
    "create_cohort",
    "create_form_class",
    "create_library_group",
    "create_period",
    "create_presentation_group",
    "current_period",
    "list_campuses",
    "list_cohorts",
    "list_form_classes",
    "list_library_groups",
    "list_periods",
    "list_presentation_groups",
    "remove_campus",
    "remove_cohort",
    "remove_form_class",
    "remove_library_group",
    "remove_period",
    "remove_presentation_group",
    "rename_campus",
    "rename_cohort",
    "rename_form_class",
    "rename_period",
    "rename_presentation_group",
    "rights_of",
    "set_current_period",
]
