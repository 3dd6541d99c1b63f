"""core.widgets.QuickSelect writes the markup Django's Select writes."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import QuickSelect

CHOICES = [("", "---------"), (1, "Sở KH&CN"), (2, "UBND xã <Vị Thanh>")]


@pytest.mark.parametrize("value", [None, "", 1, 2])
def test_the_quick_select_renders_what_django_renders(value):
    attrs = {"id": "id_unit", "class": "w-field__input"}
    quick = QuickSelect(choices=CHOICES).render("unit", value, attrs)
    django = forms.Select(choices=CHOICES).render("unit", value, attrs)
    assert parse_html(quick) == parse_html(django)
    assert "&lt;Vị Thanh&gt;" in quick and "Sở KH&amp;CN" in quick


def test_option_groups_are_kept():
    grouped = [("Tỉnh", [(1, "Sở KH&CN")]), ("Xã", [(2, "Xã A"), (3, "Xã B")])]
    quick = QuickSelect(choices=grouped).render("unit", 3)
    django = forms.Select(choices=grouped).render("unit", 3)
    assert parse_html(quick) == parse_html(django)


def test_a_value_offered_twice_is_selected_once_as_django_does():
    twice = [(None, "---------"), (1, "Xã A"), ("1", "Xã A (cũ)"), (2, "Xã B")]
    quick = QuickSelect(choices=twice).render("commune", 1)
    django = forms.Select(choices=twice).render("commune", 1)
    assert parse_html(quick) == parse_html(django)
    assert quick.count(" selected") == 1


def test_a_multiple_select_marks_every_chosen_value():
    class Multiple(QuickSelect):
        allow_multiple_selected = True

    quick = Multiple(choices=CHOICES).render("units", [1, 2])
    django = forms.SelectMultiple(choices=CHOICES).render("units", [1, 2])
    assert parse_html(quick) == parse_html(django)
    assert quick.count(" selected") == 2


def test_a_model_choice_filter_reads_its_choices_once(
    django_assert_num_queries, directory_seed
):
    from directory.models import Unit

    field = forms.ModelChoiceField(
        queryset=Unit.objects.all(), required=False, widget=QuickSelect
    )
    bound = forms.Form().__class__(data={})
    bound.fields["unit"] = field
    with django_assert_num_queries(1):
        html = str(bound["unit"])
    assert html.count("<option") == Unit.objects.count() + 1
