"""Spec conditions (a small, checked Python-expression subset) -> C++."""

import ast

from smbgen import names


def to_cpp(text, model, struct, ref):
    """ref(field_name) -> C++ expression reading that field's value."""
    tree = ast.parse(text, mode="eval")

    def emit(node):
        if isinstance(node, ast.Expression):
            return emit(node.body)
        if isinstance(node, ast.BoolOp):
            op = " && " if isinstance(node.op, ast.And) else " || "
            return "(" + op.join(emit(v) for v in node.values) + ")"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return "!(" + emit(node.operand) + ")"
        if isinstance(node, ast.Compare):
            ops = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
                   ast.Gt: ">", ast.GtE: ">="}
            parts = []
            left = node.left
            for op, right in zip(node.ops, node.comparators):
                parts.append("(%s %s %s)" % (num(left), ops[type(op)], num(right)))
                left = right
            return "(" + " && ".join(parts) + ")"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
            return "((%s & %s) != 0)" % (num(node.left), num(node.right))
        if isinstance(node, ast.Call):
            return "ListContains(%s, %s)" % (emit_value(node.args[0]),
                                             emit_value(node.args[1]))
        return "(%s != 0)" % num(node)

    def emit_value(node):
        if isinstance(node, ast.Name):
            return ref(node.id)
        if isinstance(node, ast.Attribute):
            return "%s::%s" % (node.value.id, names.enumerator(node.attr))
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
            return "(%s & %s)" % (num(node.left), num(node.right))
        return emit(node)

    def num(node):
        if isinstance(node, (ast.Name, ast.Attribute)):
            return "static_cast<uint64_t>(%s)" % emit_value(node)
        if isinstance(node, ast.Constant):
            return "uint64_t{%d}" % node.value
        return emit_value(node)

    return emit(tree)
