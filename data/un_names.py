# ruff: noqa: E501 - one line per area reads better than wrapped cells
"""Every area's name as the United Nations writes it, in English, French and Spanish, and the
grammar that puts it in a sentence.

Where the names come from (also stated on /sources):
- English: as UN DESA names the areas in International Migrant Stock (the 2020 destination
  file), with the UN's renamings since (Türkiye, 2022; Netherlands (Kingdom of the), 2023), the
  two names that file abbreviates written in full as UN M49 writes them (Democratic People's
  Republic of Korea, Micronesia (Federated States of)), and Kosovo as UN DESA's World
  Population Prospects 2024 writes it. tests/test_country_names.py checks them against the file.
- French and Spanish: the UN M49 short names (UN Statistics Division, Standard country or area
  codes for statistical use, the French and Spanish versions), which are UNTERM's; the
  "SAR" / "RAS" / "RAE" abbreviations follow UN DESA's English.
- Politically sensitive names are the UN's exactly ("China, Taiwan Province of China", "State
  of Palestine", "Kosovo (under UNSC res. 1244)", "Falkland Islands (Malvinas)").
- Areas UN M49 does not list (states that no longer exist, Kosovo, Guernsey and Jersey apart)
  carry our own name, marked "(former)" where the state no longer exists.

Each line: code | English | English article | French | French article[/French "in"] |
Spanish | Spanish article ("-": none). The articles are the UN's usage (UNTERM): "the
Philippines", "la République de Moldova", "el Perú", "la India". The French "in" form follows
from the article (le -> au, la and l' -> en, les -> aux, none -> à) unless given after a
slash: "à la Barbade", "en Haïti", "dans l'État de Palestine".
"""

from __future__ import annotations

from typing import NamedTuple


class AreaName(NamedTuple):
    en: str
    en_article: str  # "the" or ""
    fr: str
    fr_article: str  # "le", "la", "l'", "les" or ""
    fr_in: str  # "au", "en", "aux", "à", "à la", "à l'", "dans l'"
    es: str
    es_article: str  # "el", "la", "los", "las" or ""


_TABLE = """
ABW | Aruba | - | Aruba | - | Aruba | -
AFG | Afghanistan | - | Afghanistan | l' | Afganistán | el
AGO | Angola | - | Angola | l' | Angola | -
AIA | Anguilla | - | Anguilla | - | Anguila | -
ALB | Albania | - | Albanie | l' | Albania | -
AND | Andorra | - | Andorre | l' | Andorra | -
ANT | Netherlands Antilles (former) | the | Antilles néerlandaises (anciennes) | les | Antillas Neerlandesas (antiguas) | las
ARE | United Arab Emirates | the | Émirats arabes unis | les | Emiratos Árabes Unidos | los
ARG | Argentina | - | Argentine | l' | Argentina | la
ARM | Armenia | - | Arménie | l' | Armenia | -
ASM | American Samoa | - | Samoa américaines | les | Samoa Americana | -
ATG | Antigua and Barbuda | - | Antigua-et-Barbuda | - | Antigua y Barbuda | -
AUS | Australia | - | Australie | l' | Australia | -
AUT | Austria | - | Autriche | l' | Austria | -
AZE | Azerbaijan | - | Azerbaïdjan | l' | Azerbaiyán | -
BDI | Burundi | - | Burundi | le | Burundi | -
BEL | Belgium | - | Belgique | la | Bélgica | -
BEN | Benin | - | Bénin | le | Benin | -
BES | Bonaire, Sint Eustatius and Saba | - | Bonaire, Saint-Eustache et Saba | - | Bonaire, San Eustaquio y Saba | -
BFA | Burkina Faso | - | Burkina Faso | le | Burkina Faso | -
BGD | Bangladesh | - | Bangladesh | le | Bangladesh | -
BGR | Bulgaria | - | Bulgarie | la | Bulgaria | -
BHR | Bahrain | - | Bahreïn | - | Bahrein | -
BHS | Bahamas | the | Bahamas | les | Bahamas | las
BIH | Bosnia and Herzegovina | - | Bosnie-Herzégovine | la | Bosnia y Herzegovina | -
BLM | Saint Barthélemy | - | Saint-Barthélemy | - | San Bartolomé | -
BLR | Belarus | - | Bélarus | le | Belarús | -
BLZ | Belize | - | Belize | le | Belice | -
BMU | Bermuda | - | Bermudes | les | Bermudas | las
BOL | Bolivia (Plurinational State of) | - | Bolivie (État plurinational de) | la | Bolivia (Estado Plurinacional de) | -
BRA | Brazil | - | Brésil | le | Brasil | el
BRB | Barbados | - | Barbade | la/à la | Barbados | -
BRN | Brunei Darussalam | - | Brunéi Darussalam | le | Brunei Darussalam | -
BTN | Bhutan | - | Bhoutan | le | Bhután | -
BWA | Botswana | - | Botswana | le | Botswana | -
CAF | Central African Republic | the | République centrafricaine | la | República Centroafricana | la
CAN | Canada | - | Canada | le | Canadá | el
CHE | Switzerland | - | Suisse | la | Suiza | -
CHI | Channel Islands | the | Îles Anglo-Normandes | les | Islas del Canal | las
CHL | Chile | - | Chili | le | Chile | -
CHN | China | - | Chine | la | China | -
CIV | Côte d'Ivoire | - | Côte d'Ivoire | la | Côte d'Ivoire | -
CMR | Cameroon | - | Cameroun | le | Camerún | el
COD | Democratic Republic of the Congo | the | République démocratique du Congo | la | República Democrática del Congo | la
COG | Congo | the | Congo | le | Congo | el
COK | Cook Islands | the | Îles Cook | les | Islas Cook | las
COL | Colombia | - | Colombie | la | Colombia | -
COM | Comoros | the | Comores | les | Comoras | las
CPV | Cabo Verde | - | Cabo Verde | le | Cabo Verde | -
CRI | Costa Rica | - | Costa Rica | le | Costa Rica | -
CUB | Cuba | - | Cuba | - | Cuba | -
CUW | Curaçao | - | Curaçao | - | Curazao | -
CYM | Cayman Islands | the | Îles Caïmanes | les | Islas Caimán | las
CYP | Cyprus | - | Chypre | - | Chipre | -
CZE | Czechia | - | Tchéquie | la | Chequia | -
DEU | Germany | - | Allemagne | l' | Alemania | -
DJI | Djibouti | - | Djibouti | - | Djibouti | -
DMA | Dominica | - | Dominique | la/à la | Dominica | -
DNK | Denmark | - | Danemark | le | Dinamarca | -
DOM | Dominican Republic | the | République dominicaine | la | República Dominicana | la
DZA | Algeria | - | Algérie | l' | Argelia | -
ECU | Ecuador | - | Équateur | l' | Ecuador | el
EGY | Egypt | - | Égypte | l' | Egipto | -
ERI | Eritrea | - | Érythrée | l' | Eritrea | -
ESH | Western Sahara | - | Sahara occidental | le | Sáhara Occidental | el
ESP | Spain | - | Espagne | l' | España | -
EST | Estonia | - | Estonie | l' | Estonia | -
ETH | Ethiopia | - | Éthiopie | l' | Etiopía | -
FIN | Finland | - | Finlande | la | Finlandia | -
FJI | Fiji | - | Fidji | les | Fiji | -
FLK | Falkland Islands (Malvinas) | the | Îles Falkland (Malvinas) | les | Islas Malvinas (Falkland) | las
FRA | France | - | France | la | Francia | -
FRO | Faroe Islands | the | Îles Féroé | les | Islas Feroe | las
FSM | Micronesia (Federated States of) | - | Micronésie (États fédérés de) | la | Micronesia (Estados Federados de) | -
GAB | Gabon | - | Gabon | le | Gabón | el
GBR | United Kingdom | the | Royaume-Uni | le | Reino Unido | el
GEO | Georgia | - | Géorgie | la | Georgia | -
GGY | Guernsey | - | Guernesey | - | Guernsey | -
GHA | Ghana | - | Ghana | le | Ghana | -
GIB | Gibraltar | - | Gibraltar | - | Gibraltar | -
GIN | Guinea | - | Guinée | la | Guinea | -
GLP | Guadeloupe | - | Guadeloupe | la/à la | Guadalupe | -
GMB | Gambia | the | Gambie | la | Gambia | -
GNB | Guinea-Bissau | - | Guinée-Bissau | la | Guinea-Bissau | -
GNQ | Equatorial Guinea | - | Guinée équatoriale | la | Guinea Ecuatorial | -
GRC | Greece | - | Grèce | la | Grecia | -
GRD | Grenada | - | Grenade | la/à la | Granada | -
GRL | Greenland | - | Groenland | le | Groenlandia | -
GTM | Guatemala | - | Guatemala | le | Guatemala | -
GUF | French Guiana | - | Guyane française | la | Guayana Francesa | la
GUM | Guam | - | Guam | - | Guam | -
GUY | Guyana | - | Guyana | le | Guyana | -
HKG | China, Hong Kong SAR | - | Chine, RAS de Hong Kong | la | China, RAE de Hong Kong | -
HND | Honduras | - | Honduras | le | Honduras | -
HRV | Croatia | - | Croatie | la | Croacia | -
HTI | Haiti | - | Haïti | -/en | Haití | -
HUN | Hungary | - | Hongrie | la | Hungría | -
IDN | Indonesia | - | Indonésie | l' | Indonesia | -
IMN | Isle of Man | the | Île de Man | l'/à l' | Isla de Man | la
IND | India | - | Inde | l' | India | la
IRL | Ireland | - | Irlande | l' | Irlanda | -
IRN | Iran (Islamic Republic of) | - | Iran (République islamique d') | l' | Irán (República Islámica del) | -
IRQ | Iraq | - | Iraq | l' | Iraq | el
ISL | Iceland | - | Islande | l' | Islandia | -
ISR | Israel | - | Israël | -/en | Israel | -
ITA | Italy | - | Italie | l' | Italia | -
JAM | Jamaica | - | Jamaïque | la | Jamaica | -
JEY | Jersey | - | Jersey | - | Jersey | -
JOR | Jordan | - | Jordanie | la | Jordania | -
JPN | Japan | - | Japon | le | Japón | el
KAZ | Kazakhstan | - | Kazakhstan | le | Kazajstán | -
KEN | Kenya | - | Kenya | le | Kenya | -
KGZ | Kyrgyzstan | - | Kirghizistan | le | Kirguistán | -
KHM | Cambodia | - | Cambodge | le | Camboya | -
KIR | Kiribati | - | Kiribati | - | Kiribati | -
KNA | Saint Kitts and Nevis | - | Saint-Kitts-et-Nevis | - | Saint Kitts y Nevis | -
KOR | Republic of Korea | the | République de Corée | la | República de Corea | la
KWT | Kuwait | - | Koweït | le | Kuwait | -
LAO | Lao People's Democratic Republic | the | République démocratique populaire lao | la | República Democrática Popular Lao | la
LBN | Lebanon | - | Liban | le | Líbano | el
LBR | Liberia | - | Libéria | le | Liberia | -
LBY | Libya | - | Libye | la | Libia | -
LCA | Saint Lucia | - | Sainte-Lucie | - | Santa Lucía | -
LIE | Liechtenstein | - | Liechtenstein | le | Liechtenstein | -
LKA | Sri Lanka | - | Sri Lanka | - | Sri Lanka | -
LSO | Lesotho | - | Lesotho | le | Lesotho | -
LTU | Lithuania | - | Lituanie | la | Lituania | -
LUX | Luxembourg | - | Luxembourg | le | Luxemburgo | -
LVA | Latvia | - | Lettonie | la | Letonia | -
MAC | China, Macao SAR | - | Chine, RAS de Macao | la | China, RAE de Macao | -
MAF | Saint Martin (French part) | - | Saint-Martin (partie française) | - | San Martín (parte francesa) | -
MAR | Morocco | - | Maroc | le | Marruecos | -
MCO | Monaco | - | Monaco | - | Mónaco | -
MDA | Republic of Moldova | the | République de Moldova | la | República de Moldova | la
MDG | Madagascar | - | Madagascar | - | Madagascar | -
MDV | Maldives | the | Maldives | les | Maldivas | las
MEX | Mexico | - | Mexique | le | México | -
MHL | Marshall Islands | the | Îles Marshall | les | Islas Marshall | las
MKD | North Macedonia | - | Macédoine du Nord | la | Macedonia del Norte | -
MLI | Mali | - | Mali | le | Malí | -
MLT | Malta | - | Malte | - | Malta | -
MMR | Myanmar | - | Myanmar | le | Myanmar | -
MNE | Montenegro | - | Monténégro | le | Montenegro | -
MNG | Mongolia | - | Mongolie | la | Mongolia | -
MNP | Northern Mariana Islands | the | Îles Mariannes du Nord | les | Islas Marianas del Norte | las
MOZ | Mozambique | - | Mozambique | le | Mozambique | -
MRT | Mauritania | - | Mauritanie | la | Mauritania | -
MSR | Montserrat | - | Montserrat | - | Montserrat | -
MTQ | Martinique | - | Martinique | la/à la | Martinica | -
MUS | Mauritius | - | Maurice | - | Mauricio | -
MWI | Malawi | - | Malawi | le | Malawi | -
MYS | Malaysia | - | Malaisie | la | Malasia | -
MYT | Mayotte | - | Mayotte | - | Mayotte | -
NAM | Namibia | - | Namibie | la | Namibia | -
NCL | New Caledonia | - | Nouvelle-Calédonie | la | Nueva Caledonia | -
NER | Niger | the | Niger | le | Níger | el
NGA | Nigeria | - | Nigéria | le | Nigeria | -
NIC | Nicaragua | - | Nicaragua | le | Nicaragua | -
NIU | Niue | - | Nioué | - | Niue | -
NLD | Netherlands (Kingdom of the) | the | Pays-Bas (Royaume des) | les | Países Bajos (Reino de los) | los
NOR | Norway | - | Norvège | la | Noruega | -
NPL | Nepal | - | Népal | le | Nepal | -
NRU | Nauru | - | Nauru | - | Nauru | -
NZL | New Zealand | - | Nouvelle-Zélande | la | Nueva Zelandia | -
OMN | Oman | - | Oman | - | Omán | -
PAK | Pakistan | - | Pakistan | le | Pakistán | el
PAN | Panama | - | Panama | le | Panamá | -
PER | Peru | - | Pérou | le | Perú | el
PHL | Philippines | the | Philippines | les | Filipinas | -
PLW | Palau | - | Palaos | les | Palau | -
PNG | Papua New Guinea | - | Papouasie-Nouvelle-Guinée | la | Papua Nueva Guinea | -
POL | Poland | - | Pologne | la | Polonia | -
PRI | Puerto Rico | - | Porto Rico | - | Puerto Rico | -
PRK | Democratic People's Republic of Korea | the | République populaire démocratique de Corée | la | República Popular Democrática de Corea | la
PRT | Portugal | - | Portugal | le | Portugal | -
PRY | Paraguay | - | Paraguay | le | Paraguay | el
PSE | State of Palestine | the | État de Palestine | l'/dans l' | Estado de Palestina | el
PYF | French Polynesia | - | Polynésie française | la | Polinesia Francesa | la
QAT | Qatar | - | Qatar | le | Qatar | -
REU | Réunion | - | Réunion | la/à la | Reunión | la
ROU | Romania | - | Roumanie | la | Rumania | -
RUS | Russian Federation | the | Fédération de Russie | la | Federación de Rusia | la
RWA | Rwanda | - | Rwanda | le | Rwanda | -
SAU | Saudi Arabia | - | Arabie saoudite | l' | Arabia Saudita | la
SCG | Serbia and Montenegro (former) | - | Serbie-et-Monténégro (ancienne) | la | Serbia y Montenegro (antigua) | -
SDN | Sudan | the | Soudan | le | Sudán | el
SEN | Senegal | - | Sénégal | le | Senegal | el
SGP | Singapore | - | Singapour | - | Singapur | -
SHN | Saint Helena | - | Sainte-Hélène | - | Santa Elena | -
SLB | Solomon Islands | the | Îles Salomon | les | Islas Salomón | las
SLE | Sierra Leone | - | Sierra Leone | la | Sierra Leona | -
SLV | El Salvador | - | El Salvador | -/en | El Salvador | -
SMR | San Marino | - | Saint-Marin | - | San Marino | -
SOM | Somalia | - | Somalie | la | Somalia | -
SPM | Saint Pierre and Miquelon | - | Saint-Pierre-et-Miquelon | - | San Pedro y Miquelón | -
SRB | Serbia | - | Serbie | la | Serbia | -
SSD | South Sudan | - | Soudan du Sud | le | Sudán del Sur | el
STP | Sao Tome and Principe | - | Sao Tomé-et-Principe | - | Santo Tomé y Príncipe | -
SUD | Sudan (former) | the | Soudan (ancien) | le | Sudán (antiguo) | el
SUR | Suriname | - | Suriname | le | Suriname | -
SVK | Slovakia | - | Slovaquie | la | Eslovaquia | -
SVN | Slovenia | - | Slovénie | la | Eslovenia | -
SWE | Sweden | - | Suède | la | Suecia | -
SWZ | Eswatini | - | Eswatini | l' | Eswatini | -
SXM | Sint Maarten (Dutch part) | - | Saint-Martin (partie néerlandaise) | - | San Martín (parte neerlandesa) | -
SYC | Seychelles | - | Seychelles | les | Seychelles | -
SYR | Syrian Arab Republic | the | République arabe syrienne | la | República Árabe Siria | la
TCA | Turks and Caicos Islands | the | Îles Turques-et-Caïques | les | Islas Turcas y Caicos | las
TCD | Chad | - | Tchad | le | Chad | el
TGO | Togo | - | Togo | le | Togo | el
THA | Thailand | - | Thaïlande | la | Tailandia | -
TJK | Tajikistan | - | Tadjikistan | le | Tayikistán | -
TKL | Tokelau | - | Tokélaou | les | Tokelau | -
TKM | Turkmenistan | - | Turkménistan | le | Turkmenistán | -
TLS | Timor-Leste | - | Timor-Leste | le | Timor-Leste | -
TON | Tonga | - | Tonga | les | Tonga | -
TTO | Trinidad and Tobago | - | Trinité-et-Tobago | - | Trinidad y Tabago | -
TUN | Tunisia | - | Tunisie | la | Túnez | -
TUR | Türkiye | - | Türkiye | la | Türkiye | -
TUV | Tuvalu | - | Tuvalu | les | Tuvalu | -
TWN | China, Taiwan Province of China | - | Chine, province chinoise de Taiwan | la | China, provincia china de Taiwán | -
TZA | United Republic of Tanzania | the | République-Unie de Tanzanie | la | República Unida de Tanzanía | la
UGA | Uganda | - | Ouganda | l' | Uganda | -
UKR | Ukraine | - | Ukraine | l' | Ucrania | -
URY | Uruguay | - | Uruguay | l' | Uruguay | el
USA | United States of America | the | États-Unis d'Amérique | les | Estados Unidos de América | los
UZB | Uzbekistan | - | Ouzbékistan | l' | Uzbekistán | -
VAT | Holy See | the | Saint-Siège | le | Santa Sede | la
VCT | Saint Vincent and the Grenadines | - | Saint-Vincent-et-les Grenadines | - | San Vicente y las Granadinas | -
VEN | Venezuela (Bolivarian Republic of) | - | Venezuela (République bolivarienne du) | le | Venezuela (República Bolivariana de) | -
VGB | British Virgin Islands | the | Îles Vierges britanniques | les | Islas Vírgenes Británicas | las
VIR | United States Virgin Islands | the | Îles Vierges américaines | les | Islas Vírgenes de los Estados Unidos | las
VNM | Viet Nam | - | Viet Nam | le | Viet Nam | -
VUT | Vanuatu | - | Vanuatu | le | Vanuatu | -
WLF | Wallis and Futuna Islands | the | Îles Wallis-et-Futuna | les | Islas Wallis y Futuna | las
WSM | Samoa | - | Samoa | les | Samoa | -
XKX | Kosovo (under UNSC res. 1244) | - | Kosovo (au sens de la résolution 1244 du Conseil de sécurité) | le | Kosovo (en virtud de la resolución 1244 del Consejo de Seguridad) | -
YEM | Yemen | - | Yémen | le | Yemen | el
ZAF | South Africa | - | Afrique du Sud | l' | Sudáfrica | -
ZMB | Zambia | - | Zambie | la | Zambia | -
ZWE | Zimbabwe | - | Zimbabwe | le | Zimbabwe | -
"""

_FRENCH_IN = {"le": "au", "la": "en", "l'": "en", "les": "aux", "": "à"}


def _parse(table: str) -> dict[str, AreaName]:
    names = {}
    for line in table.strip().splitlines():
        code, en, en_article, fr, fr_grammar, es, es_article = (cell.strip() for cell in line.split("|"))
        fr_article, _, fr_in = fr_grammar.partition("/")
        fr_article = "" if fr_article == "-" else fr_article
        names[code] = AreaName(
            en=en,
            en_article="" if en_article == "-" else en_article,
            fr=fr,
            fr_article=fr_article,
            fr_in=fr_in or _FRENCH_IN[fr_article],
            es=es,
            es_article="" if es_article == "-" else es_article,
        )
    return names


UN_NAMES: dict[str, AreaName] = _parse(_TABLE)
