from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Who and where: audience groups, units and communes, as editable data.

    Accounts, courses and the plan all refer to these; administrative units change
    (the 2025 reform merged provinces and removed districts), so none of them is a
    hard-coded choice list.
    """

    name = "directory"
    verbose_name = _("Directory")
