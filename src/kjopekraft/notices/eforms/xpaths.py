"""Where each eForms business term sits in the XML, compiled once at import.

The paths follow the eForms SDK field definitions (``xpathAbsolute``), made relative to the
element they are evaluated on: the notice root, a ``cac:ProcurementProjectLot``, an
``efac:Organization`` and so on. Where the SDK selects a repeated element by a code list name
(``ProcurementAdditionalType[cbc:ProcurementTypeCode/@listName='strategic-procurement']``)
one path here fetches all of them and the parser sorts them by ``@listName``, which reads the
lot once instead of once per term.

The paths read from one kind of element are gathered in :class:`Fields` (``NOTICE``, ``LOT``,
``ORGANIZATION`` ...), which reads them all with one XPath union. A notice is read with over a
hundred paths, and each XPath call has a fixed cost (lxml sets up and tears down a context for
it) larger than that of one more path inside a call: the root's paths cost less than half as
much read as one union as read one by one. A :class:`Path` can still be read on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, cast

from lxml import etree

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}

# The UBL document namespaces are "urn:...:xsd:<RootName>-2".
UBL_DOCUMENT_NS_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:"

# A path is child steps, "prefix:Name", each with at most a test of one attribute against one
# or more values ("[@listName='a' or @listName='b']"). That is all the SDK paths here need, and
# it is what lets Fields tell which path found a node without asking XPath again.
_STEP = re.compile(r"(?P<prefix>[a-z]+):(?P<name>[A-Za-z]+)(?:\[(?P<test>[^\]]+)\])?")
_ATTRIBUTE_TEST = re.compile(r"@(?P<attribute>[A-Za-z]+)='(?P<value>[^']*)'")
_NOTHING: tuple[etree._Element, ...] = ()


class Step(NamedTuple):
    """One child step of a :class:`Path`.

    ``tag`` is the Clark-notation name (``{urn:...}ID``); when ``attribute`` is set, the
    element must have one of ``values`` there.
    """

    prefix: str
    tag: str
    attribute: str | None
    values: frozenset[str]

    def matches(self, element: etree._Element) -> bool:
        return element.tag == self.tag and (
            self.attribute is None or element.get(self.attribute) in self.values
        )


class Path:
    """A compiled XPath with the few ways the parser reads it."""

    __slots__ = ("_xpath", "expression", "steps")

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.steps = tuple(_step(part, expression) for part in expression.split("/"))
        self._xpath = _compile([self])

    def __repr__(self) -> str:
        return f"Path({self.expression!r})"

    def all(self, element: etree._Element) -> list[etree._Element]:
        return self._xpath(element)

    def first(self, element: etree._Element) -> etree._Element | None:
        found = self.all(element)
        return found[0] if found else None

    def text(self, element: etree._Element) -> str | None:
        """The stripped text of the first match that has any, or None."""
        for node in self.all(element):
            if (raw := node.text) and (text := raw.strip()):
                return text
        return None

    def texts(self, element: etree._Element) -> list[str]:
        """The stripped, non-empty texts of every match, in document order."""
        return [text for node in self.all(element) if (raw := node.text) and (text := raw.strip())]

    def selects(self, node: etree._Element, context: etree._Element) -> bool:
        """Whether this path, followed from ``context``, selects ``node``."""
        current: etree._Element | None = node
        for step in reversed(self.steps):
            if current is None or not step.matches(current):
                return False
            current = current.getparent()
        return current is context


def _step(text: str, expression: str) -> Step:
    match = _STEP.fullmatch(text)
    if match is None or match["prefix"] not in NS:
        raise ValueError(f"{expression!r}: {text!r} is not a prefix:Name step")
    prefix = match["prefix"]
    tag = f"{{{NS[prefix]}}}{match['name']}"
    if match["test"] is None:
        return Step(prefix, tag, None, frozenset())
    tests = [_ATTRIBUTE_TEST.fullmatch(test) for test in match["test"].split(" or ")]
    attributes = {test["attribute"] for test in tests if test is not None}
    if None in tests or len(attributes) != 1:
        raise ValueError(f"{expression!r}: [{match['test']}] is not a test of one attribute")
    return Step(prefix, tag, attributes.pop(), frozenset(test["value"] for test in tests if test))


_Select = Callable[[etree._Element], list[etree._Element]]


def _compile(paths: Sequence[Path]) -> _Select:
    # lxml registers the namespaces, and unless told not to the regular expression functions,
    # on every call, so only what the expression uses is given.
    prefixes = sorted({step.prefix for path in paths for step in path.steps})
    xpath = etree.XPath(
        " | ".join(path.expression for path in paths),
        namespaces={prefix: NS[prefix] for prefix in prefixes},
        smart_strings=False,
        regexp=False,
    )
    # Child steps select elements only, so the result is always a list of them.
    return cast(_Select, xpath)


class Fields:
    """Paths from one kind of element, read together by one XPath union.

    The union gives the nodes of all the paths in document order, and each node is put back
    under the path that found it, by its tag where only one path ends in that tag. Where
    several do (the ``cbc:ID`` of a lot result and its ``efac:LotTender/cbc:ID``), the node's
    depth and parent decide, and failing those its whole line of ancestors. Every path thus
    gets exactly the nodes, in the same order, that it would find on its own.

    ``nested`` names paths whose first element is read in turn with other fields
    (:meth:`Found.read_first`): a lot's ``cac:ProcurementProject`` with the project fields.
    Those fields are followed in the same union, through every element the path selects, and
    kept under their own paths; when the path selects one element, as it does in every real
    notice, that is the answer, and otherwise the first element is read again on its own.
    """

    __slots__ = ("_nested", "_only", "_shared", "_xpath", "paths")

    def __init__(self, *paths: Path, nested: Mapping[Path, Fields] | None = None) -> None:
        self.paths = paths
        self._nested = dict(nested or {})
        # Each path the union follows, and the path its nodes are kept under.
        followed = [(path, path) for path in paths]
        for outer, fields in self._nested.items():
            if outer not in paths:
                raise ValueError(f"{outer!r} is nested but not one of the paths")
            followed.extend(
                (Path(f"{outer.expression}/{inner.expression}"), inner) for inner in fields.paths
            )
        if len({id(key) for _, key in followed}) != len(followed):
            raise ValueError("a path is kept twice; nested fields must be other paths")
        self._xpath = _compile([path for path, _ in followed])
        by_tag: dict[str, list[tuple[Path, Path]]] = {}
        for path, key in followed:
            by_tag.setdefault(path.steps[-1].tag, []).append((path, key))
        # The tags only one path ends in, and those several do.
        self._only = {tag: owners[0][1] for tag, owners in by_tag.items() if len(owners) == 1}
        self._shared = {
            tag: _SharedTag(owners) for tag, owners in by_tag.items() if len(owners) > 1
        }

    def read(self, element: etree._Element) -> Found:
        found = Found()
        found.fields = self
        only = self._only
        for node in self._xpath(element):
            tag = node.tag
            path = only.get(tag)
            if path is not None:
                if (nodes := found.get(path)) is None:
                    found[path] = [node]
                else:
                    nodes.append(node)
                continue
            for path in self._shared[tag].keys(node, element):
                if (nodes := found.get(path)) is None:
                    found[path] = [node]
                else:
                    nodes.append(node)
        return found


class _SharedTag:
    """The paths of one :class:`Fields` that end in the same tag, told apart for each node.

    The steps are all child steps, so a node right below the element was found by a one-step
    path and a deeper one by a longer path ending in its parent's tag. When that leaves one
    path, it found the node (the union has it, so some path did); otherwise each remaining
    path is followed back up from the node. Each path comes with the path its nodes are kept
    under (see ``nested``).
    """

    __slots__ = ("_by_parent", "_top")

    def __init__(self, owners: list[tuple[Path, Path]]) -> None:
        self._top = tuple(owner for owner in owners if len(owner[0].steps) == 1)
        by_parent: dict[str, list[tuple[Path, Path]]] = {}
        for owner in owners:
            if len(owner[0].steps) > 1:
                by_parent.setdefault(owner[0].steps[-2].tag, []).append(owner)
        self._by_parent = {tag: tuple(owners) for tag, owners in by_parent.items()}

    def keys(self, node: etree._Element, context: etree._Element) -> list[Path]:
        """The paths to keep the node under."""
        parent = node.getparent()
        if parent is context:
            candidates = self._top
        elif parent is not None:
            candidates = self._by_parent.get(parent.tag, ())
        else:
            candidates = ()
        if len(candidates) == 1:
            return [candidates[0][1]]
        return [key for path, key in candidates if path.selects(node, context)]


class Found(dict[Path, list[etree._Element]]):
    """What :meth:`Fields.read` found in one element, by path; read like :class:`Path`.

    The lists are the nodes themselves, not copies; they are not to be changed.
    """

    __slots__ = ("fields",)
    fields: Fields

    def all(self, path: Path) -> Sequence[etree._Element]:
        return self.get(path, _NOTHING)

    def first(self, path: Path) -> etree._Element | None:
        nodes = self.get(path)
        return nodes[0] if nodes else None

    def text(self, path: Path) -> str | None:
        """The stripped text of the first node that has any, or None."""
        for node in self.get(path, _NOTHING):
            if (raw := node.text) and (text := raw.strip()):
                return text
        return None

    def texts(self, path: Path) -> list[str]:
        """The stripped, non-empty texts of every node, in document order."""
        return [
            text
            for node in self.get(path, _NOTHING)
            if (raw := node.text) and (text := raw.strip())
        ]

    def read_first(self, path: Path) -> Found | None:
        """The fields nested under ``path`` (see :class:`Fields`) in its first element.

        With one such element, they were read with the rest and are here under their own
        paths, so this is the same ``Found``.
        """
        outer = self.get(path)
        if not outer:
            return None
        if len(outer) == 1:
            return self
        return self.fields._nested[path].read(outer[0])


_EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"

# Notice (relative to the root element)
NOTICE_ID = Path("cbc:ID[@schemeName='notice-id']")  # BT-701
UBL_ID = Path("cbc:ID")  # BT-701 written without its schemeName
VERSION = Path("cbc:VersionID")  # BT-757
CUSTOMIZATION = Path("cbc:CustomizationID")
NOTICE_TYPE = Path("cbc:NoticeTypeCode")  # BT-02; its @listName is BT-03
SUBTYPE = Path(f"{_EXT}/efac:NoticeSubType/cbc:SubTypeCode")  # OPP-070
LANGUAGE = Path("cbc:NoticeLanguageCode")  # BT-702(a)
ISSUE_DATE = Path("cbc:IssueDate")  # BT-05(a)
ISSUE_TIME = Path("cbc:IssueTime")  # BT-05(b)
PUBLICATION_ID = Path(f"{_EXT}/efac:Publication/efbc:NoticePublicationID")  # OPP-010
GAZETTE_ID = Path(f"{_EXT}/efac:Publication/efbc:GazetteID")  # OPP-011
PUBLICATION_DATE = Path(f"{_EXT}/efac:Publication/efbc:PublicationDate")  # OPP-012
PROCEDURE_ID = Path("cbc:ContractFolderID")  # BT-04
PROCEDURE_TYPE = Path("cac:TenderingProcess/cbc:ProcedureCode")  # BT-105
LEGAL_BASIS = Path("cbc:RegulatoryDomain")  # BT-01
PROCEDURE_PROJECT = Path("cac:ProcurementProject")  # BT-21, BT-24, BT-262, BT-263, BT-27
CHANGED_NOTICE = Path(f"{_EXT}/efac:Changes/efbc:ChangedNoticeIdentifier")  # BT-758
MODIFIED_NOTICE = Path(
    f"{_EXT}/efac:ContractModification/efbc:ChangedNoticeIdentifier"
)  # BT-1501(n)
CONTRACTING_PARTIES = Path("cac:ContractingParty")
ORGANIZATIONS = Path(f"{_EXT}/efac:Organizations/efac:Organization")
NOTICE_RESULT = Path(f"{_EXT}/efac:NoticeResult")
LOTS = Path("cac:ProcurementProjectLot")
LOTS_GROUPS = Path("cac:TenderingTerms/cac:LotDistribution/cac:LotsGroup")  # BT-330, BT-1375
# OPP-090 on the root (previous notice of the procedure), BT-125(i) on a lot or part
NOTICE_REFERENCES = Path("cac:TenderingProcess/cac:NoticeDocumentReference")

# Buyer (relative to cac:ContractingParty)
BUYER_REF = Path("cac:Party/cac:PartyIdentification/cbc:ID")  # OPT-300-Procedure-Buyer
BUYER_LEGAL_TYPE = Path(
    "cac:ContractingPartyType/cbc:PartyTypeCode[@listName='buyer-legal-type']"
)  # BT-11
BUYER_ACTIVITY = Path(
    "cac:ContractingActivity/cbc:ActivityTypeCode"
    "[@listName='authority-activity' or @listName='entity-activity']"
)  # BT-10 (authority) or BT-610 (entity)

# Organisation (relative to efac:Organization)
COMPANY = Path("efac:Company")
ORG_ID = Path("cac:PartyIdentification/cbc:ID")  # OPT-200
ORG_NAME = Path("cac:PartyName/cbc:Name")  # BT-500
ORG_IDENTIFIER = Path("cac:PartyLegalEntity/cbc:CompanyID")  # BT-501
ORG_COUNTRY = Path("cac:PostalAddress/cac:Country/cbc:IdentificationCode")  # BT-514
ORG_NUTS = Path("cac:PostalAddress/cbc:CountrySubentityCode")  # BT-507
ORG_CITY = Path("cac:PostalAddress/cbc:CityName")  # BT-513
ORG_SIZE = Path("efbc:CompanySizeCode")  # BT-165
ORG_URL = Path("cbc:WebsiteURI")  # BT-505

# Procurement project (relative to cac:ProcurementProject, of the procedure or of a lot)
NAME = Path("cbc:Name")  # BT-21
DESCRIPTION = Path("cbc:Description")  # BT-24
MAIN_CPV = Path("cac:MainCommodityClassification/cbc:ItemClassificationCode")  # BT-262
ADDITIONAL_CPV = Path("cac:AdditionalCommodityClassification/cbc:ItemClassificationCode")  # BT-263
ESTIMATED_VALUE = Path("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount")  # BT-27
# BT-06, BT-774, BT-775, BT-776, BT-805 and others, told apart by @listName
ADDITIONAL_TYPES = Path("cac:ProcurementAdditionalType/cbc:ProcurementTypeCode")

# Lot (relative to cac:ProcurementProjectLot)
LOT_ID = Path("cbc:ID")  # BT-137; @schemeName is Lot, Part or LotsGroup
LOT_PROJECT = Path("cac:ProcurementProject")
DEADLINE_DATE = Path("cac:TenderingProcess/cac:TenderSubmissionDeadlinePeriod/cbc:EndDate")
DEADLINE_TIME = Path("cac:TenderingProcess/cac:TenderSubmissionDeadlinePeriod/cbc:EndTime")
REQUESTS_DATE = Path("cac:TenderingProcess/cac:ParticipationRequestReceptionPeriod/cbc:EndDate")
REQUESTS_TIME = Path("cac:TenderingProcess/cac:ParticipationRequestReceptionPeriod/cbc:EndTime")
RESERVED = Path(
    "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement"
    "/cbc:TendererRequirementTypeCode[@listName='reserved-procurement']"
)  # BT-71
VARIANTS = Path("cac:TenderingTerms/cbc:VariantConstraintCode")  # BT-63
CRITERIA = Path(
    "cac:TenderingTerms/cac:AwardingTerms/cac:AwardingCriterion/cac:SubordinateAwardingCriterion"
)
FRAMEWORK = Path(
    "cac:TenderingProcess/cac:ContractingSystem"
    "/cbc:ContractingSystemTypeCode[@listName='framework-agreement']"
)  # BT-765

# Group of lots (relative to cac:LotsGroup)
GROUP_ID = Path("cbc:LotsGroupID")  # BT-330
GROUP_LOTS = Path("cac:ProcurementProjectLotReference/cbc:ID")  # BT-1375

# Award criterion (relative to cac:SubordinateAwardingCriterion)
CRITERION_TYPE = Path("cbc:AwardingCriterionTypeCode")  # BT-539
CRITERION_NAME = Path("cbc:Name")  # BT-734
CRITERION_DESCRIPTION = Path("cbc:Description")  # BT-540
CRITERION_PARAMETERS = Path(f"{_EXT}/efac:AwardCriterionParameter")
PARAMETER_CODE = Path("efbc:ParameterCode")  # BT-5421, BT-5422, BT-5423 by @listName
PARAMETER_NUMBER = Path("efbc:ParameterNumeric")  # BT-541

# Reference to an earlier notice (relative to cac:NoticeDocumentReference)
REFERENCE_ID = Path("cbc:ID")  # BT-125(i)
REFERENCE_PART = Path("cbc:ReferencedDocumentInternalAddress")  # BT-1251

# Results (relative to efac:NoticeResult)
TOTAL_AMOUNT = Path("cbc:TotalAmount")  # BT-161
LOT_RESULTS = Path("efac:LotResult")
LOT_TENDERS = Path("efac:LotTender")
TENDERING_PARTIES = Path("efac:TenderingParty")
SETTLED_CONTRACTS = Path("efac:SettledContract")

# Lot result (relative to efac:LotResult)
RESULT_ID = Path("cbc:ID")  # OPT-322
RESULT_LOT = Path("efac:TenderLot/cbc:ID")  # BT-13713
RESULT_STATUS = Path("cbc:TenderResultCode")  # BT-142
RESULT_TENDERS = Path("efac:LotTender/cbc:ID")  # OPT-320
RESULT_CONTRACTS = Path("efac:SettledContract/cbc:ID")  # OPT-315
RECEIVED = Path("efac:ReceivedSubmissionsStatistics")
RECEIVED_TYPE = Path("efbc:StatisticsCode")  # BT-760
RECEIVED_COUNT = Path("efbc:StatisticsNumeric")  # BT-759

# Tender, tendering party and contract (relative to their element)
TENDER_ID = Path("cbc:ID")  # OPT-321
TENDER_VALUE = Path("cac:LegalMonetaryTotal/cbc:PayableAmount")  # BT-720
TENDER_PARTY = Path("efac:TenderingParty/cbc:ID")  # OPT-310
CONTRACT_ID = Path("cbc:ID")  # OPT-316
PARTY_ID = Path("cbc:ID")  # OPT-210
PARTY_TENDERERS = Path("efac:Tenderer/cbc:ID")  # OPT-300-Tenderer
CONTRACT_TENDERS = Path("efac:LotTender/cbc:ID")  # BT-3202


# The fields read together from each kind of element (see Fields).
PROJECT = Fields(NAME, DESCRIPTION, MAIN_CPV, ADDITIONAL_CPV, ESTIMATED_VALUE, ADDITIONAL_TYPES)
NOTICE = Fields(
    NOTICE_ID,
    UBL_ID,
    VERSION,
    CUSTOMIZATION,
    NOTICE_TYPE,
    SUBTYPE,
    LANGUAGE,
    ISSUE_DATE,
    ISSUE_TIME,
    PUBLICATION_ID,
    GAZETTE_ID,
    PUBLICATION_DATE,
    PROCEDURE_ID,
    PROCEDURE_TYPE,
    LEGAL_BASIS,
    PROCEDURE_PROJECT,
    CHANGED_NOTICE,
    MODIFIED_NOTICE,
    CONTRACTING_PARTIES,
    ORGANIZATIONS,
    NOTICE_RESULT,
    LOTS,
    LOTS_GROUPS,
    NOTICE_REFERENCES,
    nested={PROCEDURE_PROJECT: PROJECT},
)
BUYER = Fields(BUYER_REF, BUYER_LEGAL_TYPE, BUYER_ACTIVITY)
ORGANIZATION = Fields(
    COMPANY,
    nested={
        COMPANY: Fields(
            ORG_ID, ORG_NAME, ORG_IDENTIFIER, ORG_COUNTRY, ORG_NUTS, ORG_CITY, ORG_SIZE, ORG_URL
        )
    },
)
LOT = Fields(
    LOT_ID,
    LOT_PROJECT,
    DEADLINE_DATE,
    DEADLINE_TIME,
    REQUESTS_DATE,
    REQUESTS_TIME,
    RESERVED,
    VARIANTS,
    FRAMEWORK,
    CRITERIA,
    NOTICE_REFERENCES,
    nested={LOT_PROJECT: PROJECT},
)
CRITERION = Fields(CRITERION_TYPE, CRITERION_NAME, CRITERION_DESCRIPTION, CRITERION_PARAMETERS)
PARAMETER = Fields(PARAMETER_CODE, PARAMETER_NUMBER)
RESULTS = Fields(TOTAL_AMOUNT, LOT_RESULTS, LOT_TENDERS, TENDERING_PARTIES, SETTLED_CONTRACTS)
LOT_RESULT = Fields(
    RESULT_ID, RESULT_LOT, RESULT_STATUS, RESULT_TENDERS, RESULT_CONTRACTS, RECEIVED
)
TENDER = Fields(TENDER_ID, TENDER_VALUE, TENDER_PARTY)
PARTY = Fields(PARTY_ID, PARTY_TENDERERS)
CONTRACT = Fields(CONTRACT_ID, CONTRACT_TENDERS)
