"""Where each eForms business term sits in the XML, compiled once at import.

The paths follow the eForms SDK field definitions (``xpathAbsolute``), made relative to the
element they are evaluated on: the notice root, a ``cac:ProcurementProjectLot``, an
``efac:Organization`` and so on. Where the SDK selects a repeated element by a code list name
(``ProcurementAdditionalType[cbc:ProcurementTypeCode/@listName='strategic-procurement']``)
one path here fetches all of them and the parser sorts them by ``@listName``, which reads the
lot once instead of once per term.
"""

from __future__ import annotations

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


class Path:
    """A compiled XPath with the few ways the parser reads it."""

    __slots__ = ("_xpath", "expression")

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self._xpath = etree.XPath(expression, namespaces=NS, smart_strings=False)

    def all(self, element: etree._Element) -> list[etree._Element]:
        found = self._xpath(element)
        assert isinstance(found, list)
        return [node for node in found if isinstance(node, etree._Element)]

    def first(self, element: etree._Element) -> etree._Element | None:
        found = self.all(element)
        return found[0] if found else None

    def text(self, element: etree._Element) -> str | None:
        """The stripped text of the first match that has any, or None."""
        for node in self.all(element):
            if node.text and (text := node.text.strip()):
                return text
        return None

    def texts(self, element: etree._Element) -> list[str]:
        """The stripped, non-empty texts of every match, in document order."""
        return [text for node in self.all(element) if node.text and (text := node.text.strip())]


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
