"""Activity files in the shapes publishers write, for the reader's, the import's and the pages' tests."""

ACTIVITY_201 = """
 <iati-activity last-updated-datetime="2025-11-02T10:00:00Z" xml:lang="fr" default-currency="EUR">
  <iati-identifier>FR-6-AFD-CMA1234</iati-identifier>
  <reporting-org ref="FR-6" type="10"><narrative>Agence française de développement</narrative></reporting-org>
  <title>
   <narrative>Eau potable dans le Souss-Massa</narrative>
   <narrative xml:lang="en">Drinking water in Souss-Massa</narrative>
   <narrative xml:lang="ar">الماء الصالح للشرب في سوس ماسة</narrative>
  </title>
  <description type="1"><narrative>Raccordement de douars au réseau.</narrative></description>
  <participating-org ref="FR-6" role="1" type="10"><narrative>AFD</narrative></participating-org>
  <participating-org role="4" type="22"><narrative xml:lang="ar">جمعية محلية</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-03-01"/>
  <activity-date type="2" iso-date="2024-04-15"/>
  <activity-date type="3" iso-date="2027-02-30"/>
  <recipient-country code="MA" percentage="100"/>
  <location><name><narrative>Aourir</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>30.4920 -9.6270</pos></point></location>
  <sector vocabulary="1" code="14020" percentage="70"/>
  <sector vocabulary="1" code="14030" percentage="thirty"/>
  <budget type="1" status="2">
   <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
   <value value-date="2024-01-01">1500000</value>
  </budget>
  <planned-disbursement type="1">
   <period-start iso-date="2025-01-01"/>
   <value currency="USD" value-date="2025-01-01">250000.50</value>
  </planned-disbursement>
  <transaction>
   <transaction-type code="2"/><transaction-date iso-date="2024-03-10"/>
   <value value-date="2024-03-10">1500000</value>
   <provider-org ref="FR-6"><narrative>AFD</narrative></provider-org>
   <receiver-org ref="MA-COA-AOURIR"><narrative xml:lang="ar">جماعة أورير</narrative></receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-06-01"/>
   <value value-date="2024-06-01">1 000,00</value>
  </transaction>
 </iati-activity>
"""

# An activity of another shape: UNDP reporting in English and Arabic, in USD, two sectors without
# percentages, EUR co-funding from the EU, an implementer without identifier.
ACTIVITY_UNDP = """
 <iati-activity last-updated-datetime="2025-06-01T00:00:00Z" xml:lang="en" default-currency="USD">
  <iati-identifier>XM-DAC-41114-MAR-00123</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>United Nations Development Programme</narrative></reporting-org>
  <title><narrative>Climate adaptation in oases</narrative><narrative xml:lang="ar">التكيف مع المناخ في الواحات</narrative></title>
  <participating-org ref="XM-DAC-41114" role="1" type="40"><narrative>UNDP</narrative></participating-org>
  <participating-org ref="XI-IATI-EC_INTPA" role="1" type="15"><narrative>European Commission</narrative></participating-org>
  <participating-org role="4" type="24"><narrative xml:lang="fr">Association Tafilalet</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2023-01-10"/>
  <activity-date type="3" iso-date="2026-12-31"/>
  <recipient-country code="MA"/>
  <sector code="31220"/><sector code="41010"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2023-01-10"/>
   <value value-date="2023-01-10">400000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-02-01"/>
   <value currency="EUR" value-date="2024-02-01">100000</value></transaction>
 </iati-activity>
"""


def activity_file(
    activities: str, version="2.01", prolog='<?xml version="1.0" encoding="UTF-8"?>\n'
) -> bytes:
    return (
        f'{prolog}<iati-activities version="{version}" generated-datetime="2025-11-02T10:00:00Z">'
        f"{activities}</iati-activities>"
    ).encode()


ORGANISATION_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-organisations version="2.03" generated-datetime="2026-01-15T09:00:00Z">
 <iati-organisation last-updated-datetime="2026-01-10T08:00:00Z" xml:lang="fr" default-currency="EUR">
  <organisation-identifier>FR-6</organisation-identifier>
  <name><narrative>Agence française de développement</narrative><narrative xml:lang="ar">الوكالة الفرنسية للتنمية</narrative></name>
  <reporting-org ref="FR-6" type="10"><narrative>AFD</narrative></reporting-org>
  <total-budget status="2">
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value value-date="2026-01-01">12000000000</value>
  </total-budget>
  <recipient-org-budget status="1">
   <recipient-org ref="MA-COA-AOURIR"><narrative>Commune d'Aourir</narrative></recipient-org>
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value value-date="2026-01-01">2500000</value>
  </recipient-org-budget>
  <recipient-region-budget status="1">
   <recipient-region code="189" vocabulary="1"/>
   <period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
   <value value-date="2025-01-01">90000000</value>
  </recipient-region-budget>
  <recipient-region-budget status="1">
   <recipient-region code="189" vocabulary="1"/>
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value value-date="2026-01-01">100000000</value>
  </recipient-region-budget>
  <recipient-country-budget status="1">
   <recipient-country code="MA"/>
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value value-date="2026-01-01">750000000</value>
  </recipient-country-budget>
  <recipient-country-budget status="1">
   <recipient-country code="TN"/>
   <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
   <value value-date="2026-01-01">300000000</value>
  </recipient-country-budget>
  <total-expenditure>
   <period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
   <value value-date="2025-01-01">11000000000</value>
  </total-expenditure>
 </iati-organisation>
</iati-organisations>
""".encode()
