"""Where each value sits in a legacy TED notice, as XPaths compiled once per namespace.

TED wrote the same TED_EXPORT schema under several default namespaces over the years
(``http://publications.europa.eu/resource/schema/ted/R2.0.9/publication``, the bare
``ted/R2.0.9.S02/publication``, ``http://formex.publications.europa.eu/ted/schema/export/R2.0.9.S01.E01``,
the R2.0.8 one, and none at all in hand-edited copies). The expressions below are written once with
the prefix ``t:`` for that default namespace; :func:`paths_for` compiles them for the namespace of
the notice at hand and keeps the result, so a notice costs no compilation after the first of its
kind. The NUTS elements live in namespaces of their own (2016, 2021, ...) and are matched by local
name.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

_PREFIX = re.compile(r"(?<![\w-])t:")
# A notice brings its own namespace, so the cache is bounded: past this many namespaces a
# notice's paths are compiled for it alone instead of being kept.
_MAX_CACHED_NAMESPACES = 32

# R2.0.8 lot descriptions: ANNEX_B (F02), F17_ANNEX_B (F17), LOT_PRIOR_INFORMATION (F01, F16).
R208_LOT = "contains(local-name(), 'ANNEX_B') or local-name() = 'LOT_PRIOR_INFORMATION'"


class Path:
    """A compiled XPath with the few ways the parser reads it."""

    __slots__ = ("_xpath", "expression")

    def __init__(self, expression: str, namespace: str | None) -> None:
        if namespace:
            self.expression = expression
            self._xpath = etree.XPath(expression, namespaces={"t": namespace}, smart_strings=False)
        else:
            self.expression = _PREFIX.sub("", expression)
            self._xpath = etree.XPath(self.expression, smart_strings=False)

    def _found(self, element: etree._Element) -> list[object]:
        found: object = self._xpath(element)
        return found if isinstance(found, list) else [found]

    def all(self, element: etree._Element) -> list[etree._Element]:
        return [node for node in self._found(element) if isinstance(node, etree._Element)]

    def first(self, element: etree._Element) -> etree._Element | None:
        for node in self._found(element):
            if isinstance(node, etree._Element):
                return node
        return None

    def text(self, element: etree._Element) -> str | None:
        """The stripped text of the first match that has any (an element's text or an attribute)."""
        for node in self._found(element):
            text = node.text if isinstance(node, etree._Element) else node
            if isinstance(text, str) and (text := text.strip()):
                return text
        return None

    def texts(self, element: etree._Element) -> list[str]:
        """The stripped, non-empty texts of every match, in document order."""
        texts = []
        for node in self._found(element):
            text = node.text if isinstance(node, etree._Element) else node
            if isinstance(text, str) and (text := text.strip()):
                texts.append(text)
        return texts


class Paths:
    """The paths of both schema generations, compiled for one namespace.

    Each group names the element its paths are evaluated on.
    """

    def __init__(self, namespace: str | None) -> None:
        def p(expression: str) -> Path:
            return Path(expression, namespace)

        # TED_EXPORT
        coded = "t:CODED_DATA_SECTION"
        self.doc_number = p(f"{coded}/t:NOTICE_DATA/t:NO_DOC_OJS")
        self.oj_issue = p(f"{coded}/t:REF_OJS/t:NO_OJ")
        self.publication_date = p(f"{coded}/t:REF_OJS/t:DATE_PUB")
        self.original_languages = p(f"{coded}/t:NOTICE_DATA/t:LG_ORIG")
        self.country = p(f"{coded}/t:NOTICE_DATA/t:ISO_COUNTRY/@VALUE")
        self.referenced_notices = p(f"{coded}/t:NOTICE_DATA/t:REF_NOTICE/t:NO_DOC_OJS")
        self.coded_dispatch = p(f"{coded}/t:CODIF_DATA/t:DS_DATE_DISPATCH")
        self.coded_directive = p(f"{coded}/t:CODIF_DATA/t:DIRECTIVE/@VALUE")
        # Each form is written once per language; NOTICE_UUID sits beside them in newer files.
        self.forms = p("t:FORM_SECTION/*[not(self::t:NOTICE_UUID)]")
        # Free text anywhere is a sequence of paragraphs.
        self.paragraphs = p("t:P")

        # R2.0.9 form (F01_2014 ... F25_2014, MOVE)
        self.legal_basis = p("t:LEGAL_BASIS/@VALUE")
        self.legal_basis_other = p("t:LEGAL_BASIS_OTHER")
        self.directive = p("t:DIRECTIVE/@VALUE")
        self.notice_kind = p("t:NOTICE/@TYPE")
        self.buyer_addresses = p(
            "t:CONTRACTING_BODY/t:ADDRESS_CONTRACTING_BODY"
            " | t:CONTRACTING_BODY/t:ADDRESS_CONTRACTING_BODY_ADDITIONAL"
        )
        self.buyer_type = p("t:CONTRACTING_BODY/t:CA_TYPE/@VALUE")
        self.buyer_type_other = p("t:CONTRACTING_BODY/t:CA_TYPE_OTHER")
        self.buyer_activity = p(
            "t:CONTRACTING_BODY/t:CA_ACTIVITY/@VALUE | t:CONTRACTING_BODY/t:CE_ACTIVITY/@VALUE"
        )
        self.buyer_activity_other = p(
            "t:CONTRACTING_BODY/t:CA_ACTIVITY_OTHER | t:CONTRACTING_BODY/t:CE_ACTIVITY_OTHER"
        )
        self.objects = p("t:OBJECT_CONTRACT")
        # The procedure type is a PT_* element, nested in a DIRECTIVE_* choice in F15.
        self.procedure_type = p(
            "t:PROCEDURE/*[starts-with(local-name(), 'PT_')]"
            " | t:PROCEDURE/*/*[starts-with(local-name(), 'PT_')]"
        )
        self.framework = p("t:PROCEDURE/t:FRAMEWORK")
        self.framework_operators = p(
            "t:PROCEDURE/t:FRAMEWORK/*[self::t:SINGLE_OPERATOR or self::t:SEVERAL_OPERATORS]"
        )
        self.deadline_date = p("t:PROCEDURE/t:DATE_RECEIPT_TENDERS")
        self.deadline_time = p("t:PROCEDURE/t:TIME_RECEIPT_TENDERS")
        self.previous_notices = p("t:PROCEDURE/t:NOTICE_NUMBER_OJ")
        self.corrected_notices = p("t:COMPLEMENTARY_INFO/t:NOTICE_NUMBER_OJ")
        self.dispatch = p("t:COMPLEMENTARY_INFO/t:DATE_DISPATCH_NOTICE")
        self.reserved = p(
            "t:LEFTI/t:RESTRICTED_SHELTERED_WORKSHOP | t:LEFTI/t:RESTRICTED_SHELTERED_PROGRAM"
            " | t:LEFTI/t:RESERVED_ORGANISATIONS_SERVICE_MISSION"
        )
        self.awards = p("t:AWARD_CONTRACT")
        self.prizes = p("t:RESULTS/t:AWARDED_PRIZE")
        self.no_prize = p("t:RESULTS/t:NO_AWARDED_PRIZE")
        self.changes = p("t:CHANGES/t:CHANGE")

        # OBJECT_CONTRACT and OBJECT_DESCR
        self.title = p("t:TITLE")
        self.short_description = p("t:SHORT_DESCR")
        self.main_cpv = p("t:CPV_MAIN/t:CPV_CODE/@CODE")
        self.additional_cpv = p("t:CPV_ADDITIONAL/t:CPV_CODE/@CODE")
        self.estimated_total = p("t:VAL_ESTIMATED_TOTAL")
        self.total = p("t:VAL_TOTAL")
        self.lots = p("t:OBJECT_DESCR")
        self.lot_number = p("t:LOT_NO")
        self.lot_value = p("t:VAL_OBJECT")
        self.variants_allowed = p("t:ACCEPTED_VARIANTS")
        self.variants_not_allowed = p("t:NO_ACCEPTED_VARIANTS")
        # Award criteria sit in OBJECT_DESCR, in its AC, or (F15) in a DIRECTIVE_* choice. A
        # lone AC_CRITERION is a concession criterion, listed in order of importance.
        self.criteria = p(
            "descendant::*[self::t:AC_QUALITY or self::t:AC_COST or self::t:AC_PRICE"
            " or self::t:AC_CRITERIA or (self::t:AC_CRITERION and not(parent::t:AC_QUALITY"
            " or parent::t:AC_COST or parent::t:AC_CRITERIA))]"
        )
        self.criterion_name = p("t:AC_CRITERION")
        self.criterion_weight = p("t:AC_WEIGHTING")

        # Addresses (ADDRESS_CONTRACTING_BODY, ADDRESS_CONTRACTOR, ADDRESS_WINNER)
        self.official_name = p("t:OFFICIALNAME")
        self.national_id = p("t:NATIONALID")
        self.country_code = p("t:COUNTRY/@VALUE")
        self.nuts = p("*[local-name() = 'NUTS']/@CODE")
        self.town = p("t:TOWN")
        self.url = p("t:URL_GENERAL | t:URL")

        # AWARD_CONTRACT, AWARDED_CONTRACT and AWARDED_PRIZE
        self.contract_number = p("t:CONTRACT_NO")
        self.awarded = p("t:AWARDED_CONTRACT")
        self.not_awarded = p("t:NO_AWARDED_CONTRACT")
        self.contractors = p("t:CONTRACTOR | t:CONTRACTORS/t:CONTRACTOR")
        self.contractor_address = p("t:ADDRESS_CONTRACTOR")
        self.winners = p("t:WINNER | t:WINNERS/t:WINNER")
        self.winner_address = p("t:ADDRESS_WINNER")
        self.sme = p("t:SME")
        self.not_sme = p("t:NO_SME")
        self.tender_counts = p(
            "*[starts-with(local-name(), 'NB_TENDERS_RECEIVED')]"
            " | t:TENDERS/*[starts-with(local-name(), 'NB_TENDERS_RECEIVED')]"
        )
        self.participant_counts = p(
            "*[starts-with(local-name(), 'NB_PARTICIPANTS')]"
            " | t:PARTICIPANTS/*[starts-with(local-name(), 'NB_PARTICIPANTS')]"
        )
        self.contract_value = p("t:VAL_TOTAL | t:VALUES/t:VAL_TOTAL | t:VALUE/t:VAL_TOTAL")

        # CHANGE (F14)
        self.change_section = p("t:WHERE/t:SECTION")
        self.change_date = p("t:NEW_VALUE/t:DATE")
        self.change_time = p("t:NEW_VALUE/t:TIME")

        # R2.0.8 form (CONTRACT_DEFENCE, CONTRACT_AWARD_DEFENCE, PRIOR_INFORMATION_DEFENCE, ...):
        # the same facts sit at depths that differ between forms, so they are found by name.
        outside_lots = f"not(ancestor::*[{R208_LOT}])"
        self.r208_buyers = p(
            ".//*[starts-with(local-name(), 'NAME_ADDRESSES_CONTACT')]"
            "/t:CA_CE_CONCESSIONAIRE_PROFILE"
            " | .//t:PURCHASING_ON_BEHALF_YES"
            "/*[starts-with(local-name(), 'CONTACT_DATA_OTHER_BEHALF')]"
        )
        self.r208_name = p("t:ORGANISATION/t:OFFICIALNAME")
        self.r208_national_id = p("t:ORGANISATION/t:NATIONALID")
        self.r208_buyer_type = p(".//t:TYPE_OF_CONTRACTING_AUTHORITY/@VALUE")
        self.r208_buyer_type_other = p(".//t:TYPE_OF_CONTRACTING_AUTHORITY_OTHER")
        self.r208_activity = p(
            ".//t:TYPE_OF_ACTIVITY/@VALUE | .//t:ACTIVITY_OF_CONTRACTING_ENTITY/@VALUE"
        )
        self.r208_activity_other = p(
            ".//t:TYPE_OF_ACTIVITY_OTHER | .//t:ACTIVITY_OF_CONTRACTING_ENTITY_OTHER"
        )
        self.r208_title = p("(.//t:TITLE_CONTRACT)[1]")
        self.r208_description = p(
            f"(.//t:SHORT_CONTRACT_DESCRIPTION | .//t:TOTAL_QUANTITY_OR_SCOPE[{outside_lots}])[1]"
        )
        self.r208_cpv = p(f"(.//t:CPV[{outside_lots}])[1]")
        self.r208_cpv_main = p("t:CPV/t:CPV_MAIN/t:CPV_CODE/@CODE")
        self.r208_cpv_additional = p("t:CPV/t:CPV_ADDITIONAL/t:CPV_CODE/@CODE")
        self.r208_estimated = p(f"(.//t:COSTS_RANGE_AND_CURRENCY[t:VALUE_COST][{outside_lots}])[1]")
        self.r208_total = p("(.//t:TOTAL_FINAL_VALUE/t:COSTS_RANGE_AND_CURRENCY_WITH_VAT_RATE)[1]")
        self.value_cost = p("t:VALUE_COST")
        self.r208_lots = p(f".//*[{R208_LOT}]")
        self.r208_lot_number = p("t:LOT_NUMBER")
        self.r208_lot_title = p("t:LOT_TITLE")
        self.r208_lot_description = p("t:LOT_DESCRIPTION")
        self.r208_lot_value = p("(.//t:COSTS_RANGE_AND_CURRENCY[t:VALUE_COST])[1]")
        self.r208_deadline = p("(.//t:RECEIPT_LIMIT_DATE)[1]")
        self.r208_dispatch = p("(.//t:NOTICE_DISPATCH_DATE)[1]")
        self.day = p("t:DAY")
        self.month = p("t:MONTH")
        self.year = p("t:YEAR")
        self.time = p("t:TIME")
        self.r208_procedure_type = p(
            "(.//*[starts-with(local-name(), 'TYPE_OF_PROCEDURE')]"
            "//*[contains(local-name(), 'PT_')])[1]"
        )
        self.r208_variants = p("(.//t:ACCEPTED_VARIANTS/@VALUE)[1]")
        self.r208_operators = p("(.//t:SINGLE_OPERATOR | .//t:SEVERAL_OPERATORS)[1]")
        self.r208_framework = p(
            "(.//*[starts-with(local-name(), 'NOTICE_INVOLVES')][contains(@VALUE, 'FRAMEWORK')]"
            " | .//t:FRAMEWORK_AGREEMENT[@VALUE = 'YES'])[1]"
        )
        self.r208_lowest_price = p("(.//t:LOWEST_PRICE)[1]")
        self.r208_criteria = p(".//t:CRITERIA_DEFINITION")
        self.r208_criterion_name = p("t:CRITERIA")
        self.r208_criterion_weight = p("t:WEIGHTING")
        self.r208_reserved = p(".//t:RESERVED_CONTRACTS/*")
        self.r208_notice_numbers = p(".//t:NOTICE_NUMBER_OJ")
        self.r208_awards = p(".//*[starts-with(local-name(), 'AWARD_OF_CONTRACT')]")
        self.r208_contract_number = p("t:CONTRACT_NUMBER")
        self.r208_contract_title = p("t:CONTRACT_TITLE")
        self.r208_offers = p("t:OFFERS_RECEIVED_NUMBER")
        self.r208_operators_awarded = p("t:ECONOMIC_OPERATOR_NAME_ADDRESS/*")
        self.r208_contract_value = p(
            "t:CONTRACT_VALUE_INFORMATION/t:COSTS_RANGE_AND_CURRENCY_WITH_VAT_RATE"
        )


_cache: dict[str | None, Paths] = {}
_lock = threading.Lock()


def paths_for(root: etree._Element) -> Paths:
    """The compiled paths for the namespace of this notice's root element."""
    namespace = etree.QName(root).namespace
    paths = _cache.get(namespace)
    if paths is None:
        paths = Paths(namespace)
        with _lock:
            if len(_cache) < _MAX_CACHED_NAMESPACES:
                paths = _cache.setdefault(namespace, paths)
    return paths
