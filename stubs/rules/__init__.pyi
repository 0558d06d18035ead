# Types for the parts of the `rules` package koordynator uses; the package marks itself
# typed but leaves these functions unannotated, which strict checking of rules.py refuses.
from .permissions import add_perm as add_perm
from .permissions import has_perm as has_perm
from .permissions import perm_exists as perm_exists
from .permissions import remove_perm as remove_perm
from .permissions import set_perm as set_perm
from .predicates import Predicate as Predicate
from .predicates import always_allow as always_allow
from .predicates import always_deny as always_deny
from .predicates import is_active as is_active
from .predicates import is_authenticated as is_authenticated
from .predicates import predicate as predicate
from .rulesets import RuleSet as RuleSet
