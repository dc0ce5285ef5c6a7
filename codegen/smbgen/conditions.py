"""Conditions in the spec (`when:` of a variant, `if:` of a field): a small,
checked subset of Python expressions over the structure's stored fields."""

import ast

def condition_fields(text):
    tree = ast.parse(text, mode="eval")
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in ("contains",):
            names.add(node.id)
    # Enum references (Type.VALUE) parse as Attribute(Name(Type)).
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            names.discard(node.value.id)
    return names


def check_condition(model, s, text, f, err):
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        raise err(f, "condition %r: %s" % (text, e.msg))
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not,
               ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
               ast.BinOp, ast.BitAnd, ast.Name, ast.Load, ast.Attribute,
               ast.Constant, ast.Call)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise err(f, "condition %r: %s is not allowed" % (text, type(node).__name__))
        if isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Name) and node.func.id == "contains"
                    and len(node.args) == 2):
                raise err(f, "condition %r: only contains(list, value) is a call" % text)
        if isinstance(node, ast.Attribute):
            if not (isinstance(node.value, ast.Name) and node.value.id in model.enums):
                raise err(f, "condition %r: %s is not an enum value"
                          % (text, ast.unparse(node)))
            if node.attr not in {v.name for v in model.enums[node.value.id].values}:
                raise err(f, "condition %r: %s has no value %s"
                          % (text, node.value.id, node.attr))
    for name in condition_fields(text):
        g = s.field(name)
        if g is None:
            raise err(f, "condition %r names no field %r" % (text, name))
        # A count_of field may decide a layout (MS-SMB2 2.2.2 ErrorContextCount):
        # the encoder derives it from its list's size.
        if (g.role and g.role != "count_of") or g.reserved or g.const is not None:
            raise err(f, "condition %r uses %r, which is neither a stored field "
                      "nor a count_of field" % (text, name))
