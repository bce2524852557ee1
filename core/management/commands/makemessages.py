"""makemessages without fuzzy matching: a new string starts empty instead of borrowing a
similar string's translation, which is wrong more often than right (and may carry other
placeholders)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
