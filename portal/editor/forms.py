"""The editing forms, built per section from the taxonomy (choices with labels in the UI language).

German and English texts are two sub-forms ("de-title", "en-title"); shared fields are top-level.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, FieldList, Form, FormField,
                     HiddenField, IntegerField, PasswordField, RadioField, SelectField, SelectMultipleField,
                     SelectChoice, StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..content.records import LANGUAGES
from ..content.taxonomy import Taxonomy
from ..content.validate import REGISTRATION_FIELDS, SLUG

DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def modern_choices(form) -> None:
    """WTForms 3.3 wants SelectChoice objects; (value, label) pairs read better where forms are declared."""
    for f in form:
        if isinstance(f, FormField):
            modern_choices(f.form)
        elif isinstance(f, FieldList):
            for entry in f.entries:
                modern_choices(entry.form if isinstance(entry, FormField) else [entry])
        elif getattr(f, "choices", None) is not None and not callable(f.choices):
            f.choices = [SelectChoice(*c) if isinstance(c, tuple) else c for c in f.choices]


def _c(pairs) -> list[SelectChoice]:
    return [SelectChoice(*p) if isinstance(p, tuple) else p for p in pairs]


class EditorForm(FlaskForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        modern_choices(self)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _vocab(taxonomy: Taxonomy, vocabulary: str, lang: str, blank: bool = False) -> list[tuple[str, str]]:
    choices = [(key, term.label(lang)) for key, term in taxonomy.terms(vocabulary).items()]
    return ([("", _l("– none –"))] if blank else []) + choices


def text_form(section: str) -> type[Form]:
    """The per-language part: title, summary, body and the section's text fields."""

    class TextForm(Form):
        title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
        summary = TextAreaField(_l("Summary (1–3 sentences)"), validators=[Optional(), Length(max=1200)])
        body = TextAreaField(_l("Text (Markdown)"))

    if section == "news":
        TextForm.image_alt = StringField(_l("Text alternative of the image"), validators=[Optional(), Length(max=500)])
    if section == "studies":
        TextForm.cover_alt = StringField(_l("Text alternative of the cover"), validators=[Optional(), Length(max=500)])
    if section == "indicators":
        TextForm.unit = StringField(_l("Unit"), validators=[Optional(), Length(max=100)])
        TextForm.definition = TextAreaField(_l("Definition (numerator / denominator)"))
        TextForm.source = TextAreaField(_l("Source (with table code)"))
        TextForm.update_cycle = StringField(_l("Update cycle"), validators=[Optional(), Length(max=100)])
    return TextForm


class AttachmentForm(Form):
    file = SelectField(_l("File"), choices=_c([]), validate_choice=False)
    title = StringField(_l("Title of the file"), validators=[Optional(), Length(max=300)])
    lang = SelectField(_l("Language of the file"), choices=_c([("de", _l("German")), ("en", _l("English"))]), validate_choice=False)


def item_form(section: str, taxonomy: Taxonomy, lang: str, files: list[str], indicators: list[tuple[str, str]],
              is_new: bool, formdata=None, data: dict | None = None) -> FlaskForm:
    """Make the form for one section; `files` are the names in the bundle, for the file choices."""

    class ItemForm(EditorForm):
        status = RadioField(_l("Status"), default="published", choices=_c([
            ("published", _l("Publish at the date and time below (a future time schedules it)")),
            ("draft", _l("Draft: not shown on the site"))]), validate_choice=False)
        date = DateTimeLocalField(_l("Publication date and time"), format=DT, validators=[Optional()])
        updated = DateField(_l("Last substantial revision"), validators=[Optional()])
        topics = MultiCheckboxField(_l("Topics"), choices=_c(_vocab(taxonomy, "topics", lang)), validate_choice=False)
        regions = MultiCheckboxField(_l("Regions"), choices=_c(_vocab(taxonomy, "regions", lang)), validate_choice=False)
        aliases = TextAreaField(_l("Old addresses (one path per line, e.g. /alt/seite.html)"))

    for code in LANGUAGES:
        setattr(ItemForm, code, FormField(text_form(section)))
        setattr(ItemForm, f"base_{code}", HiddenField())
    if is_new:
        ItemForm.slug = StringField(_l("Address (slug)"), validators=[
            Optional(), Regexp(SLUG, message=_l("Only lower-case letters, digits and single hyphens."))])
    images = [("", _l("– none –"))] + [(f, f) for f in files if f.rsplit(".", 1)[-1].lower() in ("png", "jpg", "jpeg", "gif", "webp")]
    if section == "news":
        ItemForm.author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
        ItemForm.image = SelectField(_l("Image from the item's folder"), choices=_c(images), validate_choice=False)
        ItemForm.image_upload = FileField(_l("Or upload a new image (PNG, JPEG, GIF, WebP)"))
    elif section == "studies":
        ItemForm.authors = TextAreaField(_l("Authors (one per line, “Family, Given”)"))
        ItemForm.year = IntegerField(_l("Year of publication"), validators=[Optional(), NumberRange(1900, 2999)])
        ItemForm.kind = SelectField(_l("Kind of publication"), choices=_c(_vocab(taxonomy, "study_kinds", lang, blank=True)), validate_choice=False)
        ItemForm.publisher = StringField(_l("Publisher (empty: the institute)"))
        ItemForm.doi = StringField(_l("DOI"))
        ItemForm.isbn = StringField(_l("ISBN"))
        ItemForm.urn = StringField(_l("URN"))
        ItemForm.files = FieldList(FormField(AttachmentForm), min_entries=0)
        ItemForm.cover = SelectField(_l("Cover image from the item's folder"), choices=_c(images), validate_choice=False)
        ItemForm.cover_upload = FileField(_l("Or upload a new cover image"))
    elif section == "events":
        ItemForm.start = DateTimeLocalField(_l("Start"), format=DT, validators=[Optional()])
        ItemForm.end = DateTimeLocalField(_l("End"), format=DT, validators=[Optional()])
        ItemForm.format = RadioField(_l("Format"), default="onsite", choices=_c([
            ("onsite", _l("On site")), ("online", _l("Online")), ("hybrid", _l("Hybrid"))]), validate_choice=False)
        ItemForm.location_name = StringField(_l("Venue"))
        ItemForm.location_street = StringField(_l("Street"))
        ItemForm.location_postcode = StringField(_l("Postcode"))
        ItemForm.location_city = StringField(_l("City"))
        ItemForm.online_url = URLField(_l("Online address (only sent to confirmed participants)"))
        ItemForm.series = SelectField(_l("Series"), choices=_c(_vocab(taxonomy, "event_series", lang, blank=True)), validate_choice=False)
        ItemForm.contact = EmailField(_l("Contact e-mail"), validators=[Optional(), Email(message=_l("Not an e-mail address."))])
        ItemForm.registration = BooleanField(_l("People can register for this event"))
        ItemForm.capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1)])
        ItemForm.opens = DateTimeLocalField(_l("Registration opens (empty: now)"), format=DT, validators=[Optional()])
        ItemForm.closes = DateTimeLocalField(_l("Registration closes (empty: at the start)"), format=DT, validators=[Optional()])
        ItemForm.waitlist = BooleanField(_l("Waiting list when full"), default=True)
        ItemForm.reg_fields = MultiCheckboxField(_l("Extra questions on the form"), choices=_c([
            (key, label) for key, label in zip(REGISTRATION_FIELDS, (
                _l("Organisation"), _l("Position"), _l("Phone"), _l("Dietary requirements"),
                _l("Accessibility needs"), _l("Comment")))]), validate_choice=False)
        ItemForm.retention_days = IntegerField(_l("Delete registrants' data this many days after the event"),
                                               default=90, validators=[Optional(), NumberRange(min=0)])
    elif section == "indicators":
        ItemForm.number = StringField(_l("Catalogue number (e.g. K-12)"))
        ItemForm.field = SelectField(_l("Topic field"), choices=_c(_vocab(taxonomy, "indicator_fields", lang, blank=True)), validate_choice=False)
        ItemForm.stage = SelectField(_l("Education stage"), choices=_c(_vocab(taxonomy, "education_stages", lang, blank=True)), validate_choice=False)
        ItemForm.aggregate = SelectField(_l("Value for the whole region"), default="none", choices=_c([
            ("none", _l("none")), ("sum", _l("sum")), ("mean", _l("mean")), ("weighted", _l("weighted mean"))]), validate_choice=False)
        ItemForm.related = MultiCheckboxField(_l("Related indicators"), choices=_c(indicators), validate_choice=False)
        ItemForm.sample_data = BooleanField(_l("The values are illustrative (sample data)"))
        ItemForm.data_csv = FileField(_l("Replace the data (data.csv: region,year,value,note)"))
    elif section == "pages":
        ItemForm.menu = SelectField(_l("Menu"), choices=_c([("", _l("– none –")), ("main", _l("Main menu")), ("footer", _l("Footer"))]), validate_choice=False)
        ItemForm.weight = IntegerField(_l("Order in the menu"), validators=[Optional()])

    # on a POST, FlaskForm reads request.form and request.files by itself
    form = ItemForm(data=data) if formdata is None else ItemForm(formdata=formdata, data=data)
    if section == "studies":
        choices = [("", _l("– none –"))] + [(f, f) for f in files]
        while len(form.files.entries) < len([e for e in form.files.entries if e.form.file.data]) + 2:
            form.files.append_entry()
        for entry in form.files.entries:
            entry.form.file.choices = choices
        modern_choices(form)
    return form


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(message=_l("Please enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Please enter your password."))])
    next = HiddenField()


class UploadForm(FlaskForm):
    file = FileField(_l("File (PNG, JPEG, GIF, WebP or PDF)"))
    alt = StringField(_l("Text alternative (required for images)"), validators=[Optional(), Length(max=500)])


class AccountForm(EditorForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(message=_l("Please enter an e-mail address."))])
    role = SelectField(_l("Role"), choices=_c([("editor", _l("Editor")), ("admin", _l("Administrator"))]))
    password = PasswordField(_l("Initial password (at least 12 characters)"), validators=[DataRequired(message=_l("Please enter a password."))])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password (at least 12 characters)"), validators=[DataRequired(message=_l("Please enter a password."))])


class PreferencesForm(EditorForm):
    language = SelectField(_l("Language of the editor"), choices=_c([
        ("", _l("As my browser prefers")), ("de", "Deutsch"), ("en", "English")]))


class ActionForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token."""
