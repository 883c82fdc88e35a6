"""The words of the audit trail, registered by the apps that write the entries.

``audit_record`` writes a code and some data knowing nothing of the domain. Each app says what
its own codes mean, in its ``audit_labels.py`` (imported by its ``AppConfig.ready``), next to
the services that write them, the way pretix's apps register their log entry types::

    register_audit_labels(
        codes={"charter.signature.approved": _("Signature approved")},
        subjects={"charter": _("Charter"), "charter.signature": _("Signatures")},
        details={"signer_email": _("Signer's email address")},
        values={"status": signature_status_label},
        links={"charter.signature": BackofficeLink("backoffice:signature-detail", "pk", "pk")},
        personal_details=["signer_email"],
    )

The audit app only knows what was registered with it; an unknown code or detail key still
shows, as it is. ``stemcharter/audit/labels.py`` turns entries into words with this registry.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise
# How a detail's value reads: a function of the value, or words for the values the app records
# as codes (other values show as they are).
ValueFormat = Callable[[Any], str] | Mapping[Any, Label]


@dataclass(frozen=True)
class BackofficeLink:
    """Where an audited object lives in the back office: ``reverse(url_name, kwargs={kwarg:
    getattr(object, attribute)})``."""

    url_name: str
    kwarg: str
    attribute: str

    def __call__(self, target: Any) -> str:
        return reverse(self.url_name, kwargs={self.kwarg: getattr(target, self.attribute)})


# Where an audited object can be seen: a ``BackofficeLink``, or a function of the object that
# gives its address ("" when there is no page to see it on, a draft for one).
ObjectLink = BackofficeLink | Callable[[Any], str]


class AuditLabels:
    """What the registered apps said about their codes, detail keys, values and objects."""

    def __init__(self) -> None:
        self.codes: dict[str, Label] = {}
        self.subjects: dict[str, Label] = {}
        self.details: dict[str, Label] = {}
        self.value_functions: dict[str, Callable[[Any], str]] = {}
        self.value_words: dict[str, dict[Any, Label]] = {}
        self.links: dict[str, ObjectLink] = {}
        self.personal_details: set[str] = set()
        self.internal_details: set[str] = set()
        self.written_details: set[str] = set()
        self.written_objects: set[str] = set()
        self.object_names: dict[str, Callable[[str], str]] = {}
        self.name_details: set[str] = set()

    def register(
        self,
        *,
        codes: Mapping[str, Label] | None = None,
        subjects: Mapping[str, Label] | None = None,
        details: Mapping[str, Label] | None = None,
        values: Mapping[str, ValueFormat] | None = None,
        links: Mapping[str, ObjectLink] | None = None,
        personal_details: Iterable[str] = (),
        internal_details: Iterable[str] = (),
        written_details: Iterable[str] = (),
        written_objects: Iterable[str] = (),
        object_names: Mapping[str, Callable[[str], str]] | None = None,
        name_details: Iterable[str] = (),
    ) -> None:
        """Add an app's words. Saying something twice is a mistake, not an override:

        - ``codes``: what each code means ("Signature approved");
        - ``subjects``: what the first parts of codes are about ("charter.signature":
          "Signatures"), for the filter "Signatures: all events";
        - ``details``: the names of keys in the entries' data ("Signer's email address"); keys
          without a name take the target model's field's verbose name, or show as they are;
        - ``values``: how a key's value reads: a function, or words for values recorded as
          codes (these may come from several apps, one value each);
        - ``links``: where objects of a model ("charter.signature") can be seen: a
          ``BackofficeLink``, or a function of the object giving its address ("" for none);
        - ``personal_details``: keys whose value can be a person's email address; deleting an
          account replaces them in the entries (``audit.services.audit_forget``);
        - ``internal_details``: keys recorded for programs, not people (an image's identifier,
          a row's number): kept in the entry, not shown;
        - ``written_details``: keys whose value is what people wrote (a title, a reason), in
          the content language: shown with ``lang`` on a page in another language (a value
          the app registered words for, a reason's code, reads in the page's language);
        - ``written_objects``: models ("actions.action") whose objects are named by what
          people wrote (their title), so the entry's object name is marked the same way;
        - ``object_names``: models ("progress.progressreport") whose objects the platform names
          in the reader's language: a function of the name stored in the entry (in the
          language of whoever acted, "Voortgangsrapport 2026") giving it in the current
          language ("Progress report 2026"); such a name is not marked as written;
        - ``name_details``: keys whose value is the entry's object's name as it was (a deleted
          item's title): read with the model's ``object_names`` function where it has one.
        """
        self._add(self.codes, codes or {}, "code")
        self._add(self.subjects, subjects or {}, "subject")
        self._add(self.details, details or {}, "detail key")
        self._add(self.links, links or {}, "link for")
        self._add(self.object_names, object_names or {}, "object names of")
        self.name_details.update(name_details)
        for key, value_format in (values or {}).items():
            if callable(value_format):
                if key in self.value_functions or key in self.value_words:
                    raise ImproperlyConfigured(f"Audit values of {key!r} are registered twice.")
                self.value_functions[key] = value_format
                continue
            if key in self.value_functions:
                raise ImproperlyConfigured(f"Audit values of {key!r} are registered twice.")
            self._add(self.value_words.setdefault(key, {}), value_format, f"value of {key}:")
        self.personal_details.update(personal_details)
        self.internal_details.update(internal_details)
        self.written_details.update(written_details)
        self.written_objects.update(written_objects)

    @staticmethod
    def _add(registered: dict, new: Mapping, what: str) -> None:
        twice = registered.keys() & new.keys()
        if twice:
            raise ImproperlyConfigured(f"Audit {what} {sorted(twice)} registered twice.")
        registered.update(new)

    def value_format(self, key: str) -> Callable[[Any], str] | None:
        if key in self.value_functions:
            return self.value_functions[key]
        if key in self.value_words:
            words = self.value_words[key]
            return lambda value: str(words.get(value, value))
        return None


audit_labels = AuditLabels()


def register_audit_labels(**words: Any) -> None:
    """Register an app's audit words; see ``AuditLabels.register``."""
    audit_labels.register(**words)


# The audit trail's own words: the detail keys that several apps write.
register_audit_labels(
    details={
        "reason": _("Reason"),
        "number": _("Version"),
        "fields": _("Changed"),
        "organisation": _("Organisation"),
        "user": _("Person"),
        "user_id": _("Account number"),
        "email": _("Email address"),
    },
    personal_details=["email", "user"],
    # A reason is typed by a person (a coordinator, a signer); one recorded as a code reads in
    # the words registered for it.
    written_details=["reason"],
)
