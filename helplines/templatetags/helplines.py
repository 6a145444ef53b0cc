"""Small filters for the help pages: a line's name in the reader's language, how to text a line."""

from django import template

from helplines.services.directory import opens_label as _opens_label
from helplines.services.directory import text_instruction as _text_instruction

register = template.Library()


@register.filter
def line_name(line, language):
    return line.name_in(language)


@register.filter
def hours_in(line, language):
    return line.hours_in(language)


@register.filter
def text_instruction(channel):
    return _text_instruction(channel)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, ())


@register.filter
def opens_label(state):
    return _opens_label(state)
