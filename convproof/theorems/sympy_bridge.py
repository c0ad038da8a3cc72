def prove_size_formula(*a, **k): raise NotImplementedError
def to_z3(*a, **k): raise NotImplementedError
