"""`position`'s shortcut for two int members is `finite` of each, overflow included."""
from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from analyzer.flow import position
from analyzer.payload.numbers import finite
from analyzer.payload.records import Place

members = st.one_of(st.integers(), st.integers(min_value=2 ** 1020, max_value=2 ** 1030), st.floats(),
                    st.sampled_from([True, False, None, -0.0, "1", 10 ** 400, -(10 ** 400)]))
places = st.one_of(st.none(), st.builds(Place, left=members, top=members))


def _reference(entry) -> tuple[float, float] | None:
    for meta in (entry.node.position_meta, entry.node.metadata):
        if meta is not None:
            left, top = finite(meta.left), finite(meta.top)
            if left is not None and top is not None:
                return left, top
    return None


@given(places, places)
def test_position_is_finite_of_each_member(new, legacy):
    entry = SimpleNamespace(node=SimpleNamespace(position_meta=new, metadata=legacy))
    # repr: -0.0 told from 0.0, an int from a float
    assert repr(position(entry)) == repr(_reference(entry))
