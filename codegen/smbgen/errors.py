"""Spec errors that name the file, line, structure and field."""


class SpecError(Exception):
    """A mistake in the spec, located as precisely as the loader knows."""

    def __init__(self, message, file=None, line=None, struct=None, field=None):
        self.message = message
        self.file = file
        self.line = line
        self.struct = struct
        self.field = field
        super().__init__(str(self))

    def __str__(self):
        where = "%s:%s" % (self.file or "<spec>", self.line or "?")
        what = ".".join(p for p in (self.struct, self.field) if p)
        return "%s: %s%s" % (where, (what + ": ") if what else "", self.message)
