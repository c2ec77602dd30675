"""The phrase lists the text rules match, per group and per language, and the negation words.

Each phrase is a regular expression on lower-case text, written on stems (``løsning\\w*`` takes
løsning, løsninger, løsningene; ``mark(?:e|na)ds?dialog`` takes bokmål and nynorsk) so that
inflection and compounds are caught without a stemmer. A phrase starts at a word boundary.

Languages: Norwegian (``nor``: bokmål and nynorsk together, since notices mix them and label
both "nor"), English, German, French, Swedish, Danish, Finnish, Dutch, Spanish, Italian and
Polish. Norwegian and English lists are the fullest; the others hold the phrases that procurement
notices in those languages use most, and are kept short on purpose: a missing phrase costs a
signal, a loose one adds false evidence to every procedure.

Every phrase of a group is matched against every text whatever its language code, because
notices often carry text under the wrong code (Doffin's generic ``nor``, German text under
``eng``). Negation, on the other hand, is read with the words of the text's own language, since
short negation words of one language are ordinary words in another (Finnish "ei" is the nynorsk
article, Spanish "no" is nynorsk for "now").
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class Group(enum.StrEnum):
    DIALOGUE = "dialogue"  # market dialogue before the competition
    FUNCTIONAL = "functional"  # functional or performance-based specification
    NOVELTY = "novelty"  # new or not-yet-available solutions
    PRE_COMMERCIAL = "pre-commercial"  # pre-commercial procurement, the R&D exemption
    RD_WORK = "rd-work"  # research and development work described
    GREEN = "green"  # environmental aims and requirements
    GREEN_EXEMPT = "green-exempt"  # the buyer says the climate footprint is negligible
    ENV_TERM = "env-term"  # bare environment words, read only in award criteria
    WORK_INCLUSION = "work-inclusion"
    APPRENTICES = "apprentices"
    FAIR_WORK = "fair-work"  # human rights, ethical trade, decent work
    WAGES = "wages"  # pay and working conditions (statutory: see rules_social)
    UNIVERSAL_DESIGN = "universal-design"


# Groups read only in award-criterion names and descriptions.
CRITERION_ONLY = frozenset({Group.ENV_TERM})

PHRASES: Mapping[Group, Mapping[str, tuple[str, ...]]] = {
    Group.DIALOGUE: {
        "nor": (
            r"mark(?:e|na)ds?dialog\w*",
            r"dialog(?:møte|konferanse|konferense|dag|prosess)\w*",
            r"leverandør(?:konferanse|møte|dag|dialog)\w*",
            r"mark(?:e|na)dsunders[øo]k\w*",
            r"(?:innspill|innspel|tilbakemelding\w*) fr[aå] (?:leverandør)?mark(?:e|na)de[nt]",
            r"request for information",
            r"rfi\b",
        ),
        "eng": (
            r"market (?:dialogue|dialog|consultation|engagement|sounding|exploration)s?\b",
            r"pre-?market consultations?\b",
            r"supplier (?:days?|conferences?|dialogues?)\b",
            r"industry days?\b",
        ),
        "deu": (
            r"markterkundung\w*",
            r"marktkonsultation\w*",
            r"marktdialog\w*",
            r"marktsondierung\w*",
        ),
        "fra": (
            r"consultations? (?:préalables? )?du marché",
            r"dialogue avec (?:le marché|les opérateurs)",
        ),
        "swe": (r"leverantörsdialog\w*", r"dialogmöte\w*"),
        "dan": (r"markedsafklaring\w*", r"leverandørdialog\w*"),
        "fin": (r"markkinavuoropuhelu\w*", r"markkinakartoitu\w*", r"tietopyyn\w*"),
        "nld": (r"marktconsultatie\w*", r"marktverkenning\w*", r"marktdialoog\w*"),
        "spa": (r"consultas? preliminar(?:es)? (?:del|de) mercado", r"consultas? al mercado"),
        "ita": (r"consultazion[ei] (?:preliminar[ei] )?di mercato", r"indagin[ei] di mercato"),
        "pol": (r"konsultacj\w* rynkow\w*", r"dialog\w* techniczn\w*"),
    },
    Group.FUNCTIONAL: {
        "nor": (
            r"funksjons(?:krav|basert\w*|beskriv\w*|spesifik\w*|anskaff\w*|orientert\w*)",
            r"funksjonel\w* (?:krav|spesifik\w*|beskriv\w*)",
            r"ytelses(?:krav|basert\w*|spesifik\w*)",
            r"resultatbasert\w*",
            r"beskriv\w* behovet,? (?:og )?ikk(?:e|je) løs\w*",
        ),
        "eng": (
            r"functional (?:requirements?|specifications?|descriptions?)\b",
            r"performance[- ](?:based|requirements?|specifications?)\b",
            r"outcome[- ]based\b",
            r"output (?:based )?specifications?\b",
        ),
        "deu": (
            r"funktionale\w* (?:leistungsbeschreibung|ausschreibung|anforderung)\w*",
            r"leistungsprogramm\w*",
            r"funktionsorientiert\w*",
        ),
        "fra": (
            r"spécifications? fonctionnel\w*",
            r"cahiers? des charges fonctionnel\w*",
            r"exigences? (?:fonctionnel\w*|de performance)",
        ),
        "swe": (r"funktions(?:krav|upphandl\w*|baserad\w*|beskrivning\w*|specifikation\w*)",),
        "dan": (r"funktions(?:udbud\w*|beskrivelse\w*)",),
        "fin": (r"toiminnalli\w* (?:vaatimu\w*|määrittel\w*|kuvau\w*)", r"suorituskykyvaatimu\w*"),
        "nld": (
            r"functione(?:el|le) (?:specific\w*|eisen|omschrijving\w*|gespecificeerd\w*)",
            r"functioneel specificeren",
            r"prestatie-?eisen",
        ),
        "spa": (
            r"(?:especificaciones|requisitos|prescripciones) funcionales",
            r"requisitos de (?:rendimiento|desempeño)",
        ),
        "ita": (
            r"(?:specifiche|requisiti) (?:funzionali|prestazionali)",
            r"capitolato prestazionale",
        ),
        "pol": (
            r"wymaga\w* funkcjonaln\w*",
            r"opis\w* funkcjonaln\w*",
            r"program\w* funkcjonalno-użytkow\w*",
        ),
    },
    Group.NOVELTY: {
        # An innovation word alone is not a description of a new solution ("se særlig
        # kvalifikasjonskrav/miljøkrav/innovasjon"): the stem must qualify a solution, name an
        # innovation procedure, or be asked for ("krav til innovasjon", so that "ingen krav til
        # innovasjon" is read and found negated).
        "nor": (
            r"innovativ\w* (?:\w+ ){0,2}(?:løsning|løysing|tjenest|tenest|produkt|metode|teknologi"
            r"|tilnærming|konsept|ide)\w*",
            r"(?:løsning|løysing)\w* som (?:er|kan være|kan vere) (?:nye og )?innovativ\w*",
            r"(?:krav|ønske\w*|behov) (?:til|om|for) (?:nye og )?innova\w*",
            r"(?:fremme|legge til rette for|stimulere til|åpne for|rom for|opne for) innova\w*",
            r"innovasjon(?:s)?partnerskap\w*",
            r"innovasjonskontrakt\w*",
            r"nyskapande \w*",
            r"nyskapende \w*",
            r"nytenk\w*",
            r"ny(?:e|tt)? teknologi\w*",
            r"nye (?:og innovative )?(?:løsning\w*|løysing\w*)",
            r"(?:ikke|ikkje|ingen)(?: \w+){0,6} (?:finnes|finst|eksisterer|tilgjengel[ei]g)"
            r"(?: \w+){0,4} (?:i|på) mark(?:e|na)de[nt]",
            r"prototyp\w*",
            r"pilot(?:prosjekt|program|ering|fase|forsøk)\w*",
            r"pilotere\w*",
            r"utprøving\w*",
            r"utvikl\w* og test\w*",
            r"banebrytende",
        ),
        "eng": (
            r"innovative (?:\w+ ){0,2}(?:solutions?|approach\w*|products?|services?|technolog\w*"
            r"|ideas?|methods?|concepts?)\b",
            r"(?:required|expected|requirements?) to be innovative",
            r"innovation (?:is )?(?:required|expected|sought|encouraged)\b",
            r"(?:foster|encourage|enable|stimulate|promote|room for) innovation\b",
            r"innovation partnerships?\b",
            r"novel (?:solutions?|approach\w*|technolog\w*|products?)\b",
            r"new (?:and innovative )?(?:solutions?|technolog\w*)\b",
            r"not (?:yet )?(?:\w+ ){0,3}(?:available|exist\w*) (?:\w+ ){0,3}(?:on|in) the market",
            r"(?:does|do) not (?:yet )?exist\b",
            r"proofs? of concept\b",
            r"pilot (?:projects?|programmes?|programs?|phases?|schemes?)\b",
            r"beyond the state of the art",
            r"cutting[- ]edge",
            r"develop\w* and test\w*",
        ),
        "deu": (
            r"innovativ\w* (?:\w+ ){0,2}(?:lösung|ansätz|ansatz|produkt|dienstleistung"
            r"|technologi)\w*",
            r"innovationspartnerschaft\w*",
            r"neuartig\w*",
            r"neue lösungen",
            r"noch nicht (?:\w+ ){0,3}(?:am|auf dem) markt",
            r"pilotprojekt\w*",
        ),
        "fra": (
            r"(?:solutions?|approches?|produits?|services?) innovant\w*",
            r"partenariats? d'innovation",
            r"nouvelles? solutions?",
            r"solutions? nouvelles?",
            r"pas (?:encore )?disponibles? sur le marché",
            r"projets? pilotes?",
        ),
        "swe": (
            r"innovativa (?:\w+ ){0,2}(?:lösningar|produkter|tjänster)",
            r"innovationsupphandling\w*",
            r"innovationspartnerskap\w*",
            r"nya lösningar",
            r"finns inte (?:\w+ ){0,3}på marknaden",
            r"pilotprojekt\w*",
        ),
        "dan": (
            r"innovationspartnerskab\w*",
            r"nyskabende \w*",
            r"findes ikke (?:\w+ ){0,3}på markedet",
        ),
        "fin": (
            r"innovatiivis\w* (?:\w+ ){0,2}(?:ratkaisu|hankin|tuot|palvelu)\w*",
            r"innovaatiokumppanuu\w*",
            r"uu(?:si|de)\w* ratkaisu\w*",
            r"pilotointi\w*",
            r"pilottihanke\w*",
            r"kokeiluhanke\w*",
        ),
        "nld": (
            r"innovatieve (?:\w+ ){0,2}(?:oplossing|product|dienst|aanpak)\w*",
            r"innovatiepartnerschap\w*",
            r"nieuwe oplossing\w*",
            r"nog niet (?:\w+ ){0,3}(?:op de markt|beschikbaar)",
            r"proeftuin\w*",
            r"pilotproject\w*",
        ),
        "spa": (
            r"soluciones? innovador\w*",
            r"asociaci[oó]n para la innovaci[oó]n",
            r"nuevas soluciones",
            r"soluciones nuevas",
            r"no (?:está )?(?:todavía )?disponibles? en el mercado",
            r"prototipo\w*",
            r"proyectos? pilotos?",
        ),
        "ita": (
            r"soluzion\w* innovativ\w*",
            r"partenariato per l'innovazione",
            r"nuove soluzioni",
            r"soluzioni nuove",
            r"non (?:ancora )?disponibil\w* sul mercato",
            r"prototip\w*",
            r"progett\w* pilota",
        ),
        "pol": (
            r"innowacyjn\w* (?:\w+ ){0,2}rozwiąza\w*",
            r"partnerstw\w* innowacyjn\w*",
            r"nowe rozwiązani\w*",
            r"nowych rozwiązań",
            r"projekt\w* pilota\w*",
        ),
    },
    Group.PRE_COMMERCIAL: {
        "nor": (
            r"før-? ?kommersi\w*",
            r"unntak\w* for forsknings- og utviklingstenest\w*",
            r"unntak\w* for forsknings- og utviklingstjenest\w*",
            r"fou-unntak\w*",
        ),
        "eng": (
            r"pre-?commercial procurements?\b",
            r"pcp\b",
            r"research and development (?:services )?exemption",
        ),
        "deu": (r"vorkommerziell\w*",),
        "fra": (r"achats? publics? avant commercialisation", r"achats? pré-?commerci\w*"),
        "swe": (r"förkommersiell\w*",),
        "dan": (r"førkommerciel\w*", r"prækommerciel\w*"),
        "fin": (r"esikaupalli\w*",),
        "nld": (r"pre-?commerci[eë]le? (?:inkoop|aanbested\w*)",),
        "spa": (r"compras? públicas? precomercial\w*", r"precomercial\w*"),
        "ita": (r"appalt\w* pre-?commercial\w*",),
        "pol": (r"przedkomercyjn\w*",),
    },
    Group.RD_WORK: {
        "nor": (
            r"forsking og utvikling",
            r"forskning og utvikling",
            r"fou\b",
            r"utvikl\w* og (?:test|utprøv)\w*",
            r"prototyp\w*",
            r"demonstrator\w*",
            r"utvikle (?:en |et |ei )?(?:ny|nye|nytt) (?:løsning|løysing|teknologi|produkt)\w*",
        ),
        "eng": (
            r"research and (?:experimental )?development",
            r"r&d\b",
            r"develop\w* and test\w*",
            r"proofs? of concept\b",
            r"demonstrators?\b",
            r"experimental development",
        ),
        "deu": (
            r"forschung und entwicklung",
            r"f&e\b",
            r"entwicklung und erprobung",
            r"prototyp\w*",
        ),
        "fra": (r"recherche et (?:de )?développement", r"prototyp\w*"),
        "swe": (r"forskning och utveckling", r"utveckl\w* och test\w*"),
        "dan": (r"forskning og udvikling", r"udvikl\w* og test\w*"),
        "fin": (r"tutkimus- ja kehitys\w*",),
        "nld": (r"onderzoek en ontwikkeling", r"ontwikkel\w* en test\w*"),
        "spa": (r"investigación y desarrollo", r"i\+d\b"),
        "ita": (r"ricerca e sviluppo",),
        "pol": (r"badawczo-rozwojow\w*", r"badania? i rozw[oó]j\w*"),
    },
    Group.GREEN: {
        # Bare "miljø" is left out: HMS (helse, miljø og sikkerhet), arbeidsmiljø and fagmiljø
        # are everywhere in Norwegian notices and say nothing about the environment.
        "nor": (
            r"klima- og miljø\w*",
            r"klimagass\w*",
            r"utslipps(?:fri|frie|reduksjon\w*|kutt\w*)",
            r"nullutslipp\w*",
            r"lavutslipp\w*",
            r"fossilfri\w*",
            r"sirkulær\w*",
            r"ombruk\w*",
            r"gjenbruk\w*",
            r"resirkul\w*",
            r"miljø(?:krav|hensyn|omsyn|vennl\w*|sertifi\w*|merk\w*|styring\w*|belastning\w*"
            r"|påvirkning\w*|påverknad\w*|avtrykk\w*|kriteri\w*|fyrtårn\w*|prestasjon\w*)",
            r"klima(?:avtrykk\w*|fotavtrykk\w*|regnskap\w*|nøytral\w*|vennl\w*|krav\w*|hensyn"
            r"|omsyn|tiltak|tilpass\w*)",
            r"energieffektiv\w*",
            r"biogass\w*",
            r"hydrogen\w*",
            r"(?:hel)?elektrisk\w* (?:kjøretøy|bil\w*|buss\w*|ferj\w*|ferge\w*|anleggsmaskin\w*)",
            r"biologisk mangfald",
            r"biologisk mangfold",
            r"svanemerk\w*",
            r"bærekraft\w*",
            r"grøn\w* (?:omstilling|skifte\w*|anskaff\w*)",
        ),
        "eng": (
            r"environment(?:al(?:ly)?)? (?:friendly|impacts?|requirements?|criteri\w*|management"
            r"|performance|footprint|considerations?)\b",
            r"climate (?:change|impacts?|footprint|neutral\w*|friendly|adaptation)\b",
            r"carbon (?:footprint|neutral\w*|emissions?|reduction)\b",
            r"co2\b",
            r"greenhouse gas\w*",
            r"zero[- ]emissions?\b",
            r"low[- ]emissions?\b",
            r"circular econom\w*",
            r"recycl\w*",
            r"energy[- ]efficien\w*",
            r"renewable energy",
            r"sustainab\w*",
            r"biodiversity",
            r"eco-?labels?\b",
            r"green public procurement",
        ),
        "deu": (
            r"umwelt(?:freundlich|schutz|zeichen|manag|kriteri|anforderung|gerecht|bilanz"
            r"|verträglich)\w*",
            r"klima(?:schutz|neutral|freundlich)\w*",
            r"nachhaltig\w*",
            r"treibhausgas\w*",
            r"emissionsfrei\w*",
            r"kreislaufwirtschaft",
            r"energieeffizien\w*",
            r"wasserstoff\w*",
        ),
        "fra": (
            r"environnement\w*",
            r"développement durable",
            r"écologique\w*",
            r"bas carbone",
            r"empreinte carbone",
            r"gaz à effet de serre",
            r"économie circulaire",
            r"réemploi\w*",
            r"efficacité énergétique",
            r"hydrogène",
            r"écolabel\w*",
        ),
        "swe": (
            r"miljö(?:krav|hänsyn|vänlig\w*|märk\w*|påverkan|kriteri\w*|ledning\w*)",
            r"klimat(?:påverkan|neutral\w*|smart\w*)",
            r"hållbar\w*",
            r"cirkulär\w*",
            r"utsläpp\w*",
        ),
        "dan": (
            r"miljø(?:venlig\w*|mærk\w*|påvirkning\w*)",
            r"klimavenlig\w*",
            r"bæredygtig\w*",
            r"cirkulær\w*",
            r"genbrug\w*",
        ),
        "fin": (r"ympäristö\w*", r"ilmasto\w*", r"kestäv\w*", r"kiertotalou\w*", r"päästö\w*"),
        "nld": (r"milieu\w*", r"duurza\w*", r"circulai\w*", r"klimaat\w*", r"emissie\w*"),
        "spa": (
            r"medio ?ambient\w*",
            r"ambientales?",
            r"sostenib\w*",
            r"economía circular",
            r"huella de carbono",
            r"eficiencia energética",
        ),
        "ita": (
            r"ambientali?\b",
            r"sostenibil\w*",
            r"economia circolare",
            r"impronta di carbonio",
            r"efficienza energetica",
        ),
        "pol": (
            r"środowisk\w*",
            r"ekologiczn\w*",
            r"zmian\w* klimatu",
            r"zrównoważon\w*",
            r"obiegu zamkniętym",
            r"efektywnoś\w* energetyczn\w*",
            r"napęd\w* (?:hybrydow|elektryczn)\w*",
        ),
    },
    Group.GREEN_EXEMPT: {
        "nor": (
            r"uvesentl[ie]g\w* (?:klima\w*|miljø\w*)",
            r"(?:klimaavtrykk|miljøbelastning)\w* (?:\w+ ){0,8}(?:som )?(?:er|vert|blir) "
            r"uvesentl[ie]g\w*",
            r"§ ?7-9 \(5\)",
            r"§ ?7-9 femte ledd",
        ),
        "eng": (r"(?:negligible|insignificant|immaterial) (?:climate|environmental)",),
    },
    Group.ENV_TERM: {
        "nor": (r"miljø\b", r"miljøet\b", r"klima\b", r"klimaet\b"),
        "eng": (r"environment\w*", r"climate\b", r"co2\b", r"sustainab\w*"),
        "deu": (r"umwelt\w*", r"klima\b", r"co2\b"),
        "fra": (r"environnement\w*", r"durable\w*"),
        "swe": (r"miljö\w*", r"klimat\b"),
        "fin": (r"ympäristö\w*",),
        "nld": (r"milieu\w*", r"duurza\w*", r"co2\b"),
        "spa": (r"ambiental\w*",),
        "ita": (r"ambiental\w*",),
        "pol": (r"środowisk\w*", r"ekolog\w*"),
    },
    Group.WORK_INCLUSION: {
        "nor": (
            r"arbeidsinkluder\w*",
            r"inkluder\w* i arbeidslivet",
            r"ut[ae]nfor arbeidslivet",
            r"sosial\w* entrepren\w*",
            r"sosiale? (?:hensyn|omsyn|krav|klausul\w*|kontraktsvilkår\w*)",
            r"varig tilrettelagt arbeid",
            r"arbeidstrening\w*",
            r"praksisplass\w*",
            r"arbeids- og inkluderingsbedrift\w*",
            r"vekstbedrift\w*",
        ),
        "eng": (
            r"social (?:returns?|value|clauses?|criteria|enterprises?|considerations|inclusion)\b",
            r"work integration",
            r"long-term unemployed",
            r"disadvantaged (?:persons|people|workers|groups)\b",
            r"sheltered (?:workshops?|employment)\b",
        ),
        "deu": (
            r"soziale\w* (?:kriterien|aspekte|belange|klausel\w*)",
            r"langzeitarbeitslos\w*",
            r"(?:inklusions|integrations)betrieb\w*",
            r"sozialunternehm\w*",
        ),
        "fra": (
            r"clauses? sociales?",
            r"insertion (?:professionnelle|sociale|par l'activité économique)",
            r"éloignées? de l'emploi",
            r"entreprises? adaptées?",
        ),
        "swe": (
            r"sociala (?:krav|hänsyn|villkor)",
            r"sysselsättningskrav\w*",
            r"sociala företag\w*",
        ),
        "dan": (r"sociale? klausul\w*", r"sociale hensyn", r"socialøkonomisk\w*"),
        "fin": (
            r"työllistämis\w*",
            r"sosiaali\w* (?:kriteer\w*|näkökoh\w*)",
            r"pitkäaikaistyöt\w*",
        ),
        "nld": (
            r"social return",
            r"sroi\b",
            r"sociale (?:criteria|voorwaarden|onderneming\w*)",
            r"afstand tot de arbeidsmarkt",
        ),
        "spa": (
            r"cláusulas? sociales?",
            r"inserción (?:socio)?laboral",
            r"centros? especiales? de empleo",
        ),
        "ita": (r"clausol\w* social\w*", r"inserimento lavorativo", r"cooperativ\w* social\w*"),
        "pol": (
            r"klauzul\w* społeczn\w*",
            r"aspekt\w* społeczn\w*",
            r"bezrobotn\w*",
            r"niepełnosprawn\w*",
        ),
    },
    Group.APPRENTICES: {
        "nor": (r"lærling\w*", r"læreplass\w*", r"lærekandidat\w*"),
        "eng": (r"apprentice\w*", r"traineeships?\b"),
        "deu": (r"auszubildend\w*", r"lehrling\w*", r"ausbildungspl\w*"),
        # Not "apprentissage" alone: it is also any learning ("apprentissage du français").
        "fra": (r"apprenti(?:e|es|s)?\b", r"contrats? d'apprentissage"),
        "swe": (r"lärling\w*",),
        "dan": (r"uddannelsesklausul\w*", r"praktikant\w*"),
        "fin": (r"oppisopimu\w*",),
        "nld": (r"leerwerk\w*", r"bbl-?leerling\w*"),
        "spa": (r"aprendices",),
        "ita": (r"apprendist\w*",),
    },
    Group.FAIR_WORK: {
        "nor": (
            r"etisk\w* (?:handel|krav)",
            r"menneskerettighet\w*",
            r"grunnleggjande (?:arbeidstakar)?rettar",
            r"grunnleggende (?:arbeidstaker)?rettigheter",
            r"anstendig\w* arbeid\w*",
        ),
        "eng": (
            r"human rights",
            r"ilo\b",
            r"fair (?:working conditions|wages?|trade)\b",
            r"decent work",
            r"living wages?\b",
            r"modern slavery",
            r"ethical (?:trade|requirements|sourcing)\b",
            r"(?:forced|child) labou?r",
        ),
        "deu": (r"menschenrecht\w*", r"fairer? handel\w*"),
        "fra": (r"droits de l'homme", r"droits humains", r"commerce équitable", r"travail décent"),
        "swe": (r"mänskliga rättigheter", r"schysta villkor"),
        "dan": (r"menneskerettighed\w*",),
        "fin": (r"ihmisoikeu\w*",),
        "nld": (r"mensenrechten", r"internationale sociale voorwaarden", r"eerlijke handel"),
        "spa": (r"derechos humanos", r"comercio justo"),
        "ita": (r"diritti umani", r"commercio equo"),
        "pol": (r"praw\w* człowieka",),
    },
    Group.WAGES: {
        "nor": (
            r"løn(?:n)?s- og arbeidsvilkår\w*",
            r"sosial dumping",
            r"arbeidslivskriminalitet\w*",
            r"seriøsitets(?:krav|bestemmels\w*)",
        ),
        "eng": (
            r"(?:pay|wages?|salar\w*) and working conditions",
            r"social dumping",
            r"collective agreements?\b",
        ),
        "deu": (r"(?:landes)?tarif(?:treue|lohn|vertrag)\w*", r"mindestlohn\w*"),
        "fra": (r"salaire minimum",),
        "swe": (r"arbetsrättsliga villkor",),
        "dan": (r"arbejdsklausul\w*", r"løn- og ansættelsesvilkår"),
        "fin": (r"työehtosopimu\w*",),
        "nld": (r"cao-?lonen",),
        "spa": (r"convenios? colectivos?",),
        "ita": (r"contratt\w* collettiv\w*",),
    },
    Group.UNIVERSAL_DESIGN: {
        "nor": (r"universel\w* utform\w*",),
        "eng": (
            r"universal design",
            r"accessib\w* (?:for|to) (?:all|persons|people) with disabilit\w*",
            r"accessibility (?:requirements|criteria|for all)\b",
        ),
        "deu": (r"barrierefrei\w*",),
        "fra": (r"accessibilité\w*",),
        "swe": (r"tillgänglighetskrav\w*", r"universell utformning"),
        "dan": (r"tilgængelighedskrav\w*", r"universelt design"),
        "fin": (r"esteettöm\w*", r"saavutettav\w*"),
        "nld": (r"toegankelijkheid\w*",),
        "spa": (r"accesibilidad universal", r"diseño (?:universal|para todos)"),
        "ita": (r"progettazione universale", r"barriere architettoniche"),
        "pol": (r"projektowani\w* uniwersaln\w*",),
    },
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that negate what follows them in the same clause ("ingen krav til innovasjon").
NEGATION: Mapping[str, frozenset[str]] = {
    "nor": _words("ikke ikkje ingen inga intet inkje uten utan verken hverken korkje aldri"),
    "eng": _words("not no without neither nor never none cannot"),
    "deu": _words("nicht kein keine keinen keiner keines keinem ohne weder nie"),
    "fra": _words("pas aucun aucune sans ni non jamais ne"),
    "swe": _words("inte ej ingen inga utan varken aldrig"),
    "dan": _words("ikke ingen uden hverken aldrig"),
    "fin": _words("ei eivät emme ette en et ilman"),
    "nld": _words("niet geen zonder noch nooit"),
    "spa": _words("no sin ningún ninguna ninguno ni nunca"),
    "ita": _words("non senza nessun nessuno nessuna né mai"),
    "pol": _words("nie bez żaden żadna żadne żadnych ani"),
}

# Words that end the reach of a negation ("ingen krav til pris, men innovative løsninger ...").
CONTRAST: Mapping[str, frozenset[str]] = {
    "nor": _words("men likevel imidlertid derimot"),
    "eng": _words("but however whereas"),
    "deu": _words("aber jedoch sondern"),
    "fra": _words("mais cependant"),
    "swe": _words("men dock"),
    "dan": _words("men dog"),
    "fin": _words("mutta vaan"),
    "nld": _words("maar"),
    "spa": _words("pero sino"),
    "ita": _words("ma però"),
    "pol": _words("ale lecz"),
}

# Relative words after a match start a description of it ("løsninger som ikke finnes i
# markedet"), not a negation of it.
RELATIVE: Mapping[str, frozenset[str]] = {
    "nor": _words("som der hvor kor"),
    "eng": _words("that which who where"),
    "deu": _words("die der das welche welcher dass"),
    "fra": _words("qui que dont"),
    "swe": _words("som där"),
    "dan": _words("som der"),
    "fin": _words("joka jotka mikä jota joita"),
    "nld": _words("die dat"),
    "spa": _words("que"),
    "ita": _words("che"),
    "pol": _words("który która które których"),
}

# Language codes in notices (ISO 639-3, lower case) to the phrase-list language.
LANGUAGE_GROUP: Mapping[str, str] = {
    "nor": "nor",
    "nob": "nor",
    "nno": "nor",
    "no": "nor",
    "nb": "nor",
    "nn": "nor",
    "eng": "eng",
    "en": "eng",
    "deu": "deu",
    "de": "deu",
    "fra": "fra",
    "fr": "fra",
    "swe": "swe",
    "sv": "swe",
    "dan": "dan",
    "da": "dan",
    "fin": "fin",
    "fi": "fin",
    "nld": "nld",
    "nl": "nld",
    "spa": "spa",
    "es": "spa",
    "ita": "ita",
    "it": "ita",
    "pol": "pol",
    "pl": "pol",
}

# For a language without its own list: the negation words that are not ordinary words in
# another language (short ones such as "no", "ei" and "ne" are left out).
FALLBACK_NEGATION = _words(
    "not without never none ikke ikkje ingen nicht kein keine ohne pas aucun sans inte niet "
    "geen non senza nie"
)

# The naive baseline: any of these stems anywhere in the notice.
KEYWORDS = (r"innova\w*", r"innowac\w*", r"nyskap\w*", r"nyskab\w*")
