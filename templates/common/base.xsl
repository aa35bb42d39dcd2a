<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared parts of every pliego document template: the words (labels) of
     the document's language, the font for its script, the page masters,
     the running header and the "Page N of M" footer, PDF metadata and the
     letterhead. Regional and channel differences come from the document
     XML (pliego assemble), never from copies of a template. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    xmlns:x="adobe:ns:meta/"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    exclude-result-prefixes="d x rdf dc pdf">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:key name="label" match="d:labels/d:label" use="@id"/>

  <!-- The language tag of the document (es-MX) and its primary subtag (es). -->
  <xsl:variable name="lang" select="/d:document/@lang"/>
  <xsl:variable name="primary-lang">
    <xsl:choose>
      <xsl:when test="contains($lang, '-')"><xsl:value-of select="substring-before($lang, '-')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$lang"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="country-subtag">
    <xsl:if test="contains($lang, '-')"><xsl:value-of select="substring-after($lang, '-')"/></xsl:if>
  </xsl:variable>

  <!-- Scripts: CJK languages take a CJK font (and no hyphenation); Arabic,
       Hebrew, Persian and Urdu run right to left. Latin text keeps
       Liberation Sans, metric-compatible with Helvetica/Arial. -->
  <xsl:variable name="cjk" select="$primary-lang = 'ja' or $primary-lang = 'zh' or $primary-lang = 'ko'"/>
  <xsl:variable name="rtl" select="$primary-lang = 'ar' or $primary-lang = 'he' or $primary-lang = 'fa' or $primary-lang = 'ur'"/>
  <xsl:variable name="font-family">
    <xsl:choose>
      <xsl:when test="$primary-lang = 'ja'">Noto Sans CJK JP, sans-serif</xsl:when>
      <xsl:when test="$primary-lang = 'zh'">Noto Sans CJK SC, sans-serif</xsl:when>
      <xsl:when test="$primary-lang = 'ko'">Noto Sans CJK KR, sans-serif</xsl:when>
      <xsl:when test="$primary-lang = 'ar' or $primary-lang = 'fa' or $primary-lang = 'ur'">Noto Sans Arabic, Liberation Sans, sans-serif</xsl:when>
      <xsl:when test="$primary-lang = 'he'">Noto Sans Hebrew, Liberation Sans, sans-serif</xsl:when>
      <xsl:otherwise>Liberation Sans, sans-serif</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="start-align">
    <xsl:choose>
      <xsl:when test="$rtl">right</xsl:when>
      <xsl:otherwise>left</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Page margins: the wider one on the side where lines start, so a
       right-to-left document is the mirror image of a left-to-right one. -->
  <xsl:variable name="margin-left">
    <xsl:choose><xsl:when test="$rtl">20mm</xsl:when><xsl:otherwise>22mm</xsl:otherwise></xsl:choose>
  </xsl:variable>
  <xsl:variable name="margin-right">
    <xsl:choose><xsl:when test="$rtl">22mm</xsl:when><xsl:otherwise>20mm</xsl:otherwise></xsl:choose>
  </xsl:variable>

  <!-- A right-to-left mark before text that may begin with Latin letters
       (the brand, names, URLs, service tags) in a right-to-left document.
       Pango takes a paragraph's direction from its first strong character,
       so without it such a line would start on the left and a mixed line
       would be ordered left to right. -->
  <xsl:template name="rtl-mark">
    <xsl:if test="$rtl"><xsl:text>&#x200F;</xsl:text></xsl:if>
  </xsl:template>

  <!-- The letter that numbers item $n (1: A): Latin capitals, or in Arabic
       the abjad letters (أ ب ج د ه و ز ح ط ي) that Arabic legal texts
       enumerate with; a Latin letter would also turn the line left to
       right. -->
  <xsl:template name="letter">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$primary-lang = 'ar' and $n &lt;= 10">
        <xsl:value-of select="substring('أبجدهوزحطي', $n, 1)"/>
      </xsl:when>
      <xsl:otherwise><xsl:number value="$n" format="A"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="brand">Northwind Support Services</xsl:variable>
  <xsl:variable name="rule-colour">#9aa7b4</xsl:variable>
  <xsl:variable name="accent">#1f4e79</xsl:variable>
  <xsl:variable name="shade">#e9eef3</xsl:variable>

  <!-- The word for label $id in the document's language. A missing label is
       a defect of the catalogue (pliego check refuses it); the id shows it. -->
  <xsl:template name="label">
    <xsl:param name="id"/>
    <xsl:variable name="text" select="key('label', $id)"/>
    <xsl:choose>
      <xsl:when test="$text"><xsl:value-of select="$text"/></xsl:when>
      <xsl:otherwise>
        <xsl:message>pliego: no label "<xsl:value-of select="$id"/>" in the document</xsl:message>
        <xsl:value-of select="$id"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Attributes every fo:root takes: language, font and writing mode. -->
  <xsl:template name="root-attributes">
    <xsl:param name="font-size" select="'9.5pt'"/>
    <xsl:attribute name="font-family"><xsl:value-of select="$font-family"/></xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="$font-size"/></xsl:attribute>
    <xsl:attribute name="line-height">1.3</xsl:attribute>
    <xsl:attribute name="language"><xsl:value-of select="$primary-lang"/></xsl:attribute>
    <xsl:if test="string($country-subtag) != ''">
      <xsl:attribute name="country"><xsl:value-of select="$country-subtag"/></xsl:attribute>
    </xsl:if>
    <xsl:if test="$rtl">
      <xsl:attribute name="writing-mode">rl-tb</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- Justified, hyphenated running text where the script allows it. -->
  <xsl:template name="paragraph-attributes">
    <xsl:choose>
      <xsl:when test="$cjk">
        <xsl:attribute name="text-align">start</xsl:attribute>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="text-align">justify</xsl:attribute>
        <xsl:attribute name="hyphenate">true</xsl:attribute>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A4 pages: the first with room for a letterhead, the rest plain. -->
  <xsl:template name="page-masters">
    <fo:layout-master-set>
      <fo:simple-page-master master-name="first" page-width="210mm" page-height="297mm"
                             margin-top="12mm" margin-bottom="10mm"
                             margin-left="{$margin-left}" margin-right="{$margin-right}">
        <fo:region-body margin-top="24mm" margin-bottom="14mm"/>
        <fo:region-before region-name="letterhead" extent="20mm"/>
        <fo:region-after extent="9mm"/>
      </fo:simple-page-master>
      <fo:simple-page-master master-name="rest" page-width="210mm" page-height="297mm"
                             margin-top="12mm" margin-bottom="10mm"
                             margin-left="{$margin-left}" margin-right="{$margin-right}">
        <fo:region-body margin-top="14mm" margin-bottom="14mm"/>
        <fo:region-before region-name="running-header" extent="10mm"/>
        <fo:region-after extent="9mm"/>
      </fo:simple-page-master>
      <fo:page-sequence-master master-name="document">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="first" page-position="first"/>
          <fo:conditional-page-master-reference master-reference="rest" page-position="rest"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>
    </fo:layout-master-set>
  </xsl:template>

  <!-- PDF metadata: title, the vendor entity as author, the customer as
       subject, kind, language and customer number as keywords. -->
  <xsl:template name="metadata">
    <xsl:param name="title"/>
    <fo:declarations>
      <x:xmpmeta>
        <rdf:RDF>
          <rdf:Description rdf:about="">
            <dc:title><xsl:value-of select="$title"/></dc:title>
            <dc:creator><xsl:value-of select="/d:document/d:vendor-entity"/></dc:creator>
            <dc:description><xsl:value-of select="/d:document/d:customer/d:name"/></dc:description>
            <dc:language><xsl:value-of select="$lang"/></dc:language>
            <pdf:Keywords>
              <xsl:value-of select="concat(/d:document/@kind, ', ', $lang, ', ',
                                           /d:document/d:customer/@id)"/>
            </pdf:Keywords>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
    </fo:declarations>
  </xsl:template>

  <!-- The letterhead of the first page: brand, the vendor entity that
       invoices, and the document's title. -->
  <xsl:template name="letterhead">
    <xsl:param name="title"/>
    <fo:static-content flow-name="letterhead">
      <fo:block border-bottom="0.75pt solid {$accent}" padding-bottom="1.5mm">
        <fo:block font-size="15pt" font-weight="bold" color="{$accent}" line-height="1.2">
          <xsl:call-template name="rtl-mark"/>
          <xsl:value-of select="$brand"/>
        </fo:block>
        <fo:block font-size="8pt" color="#4a5560">
          <xsl:call-template name="rtl-mark"/>
          <xsl:value-of select="/d:document/d:vendor-entity"/>
          <xsl:text> · northwind-support.example</xsl:text>
        </fo:block>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- Pages after the first: brand and title, and the current section when
       the document marks its sections (marker class "section"). -->
  <xsl:template name="running-header">
    <xsl:param name="title"/>
    <fo:static-content flow-name="running-header">
      <fo:block font-size="7.5pt" color="#4a5560" text-align-last="justify"
                border-bottom="0.5pt solid {$rule-colour}" padding-bottom="1mm">
        <xsl:call-template name="rtl-mark"/>
        <xsl:value-of select="$title"/>
        <fo:leader leader-pattern="space"/>
        <fo:retrieve-marker retrieve-class-name="section"
                            retrieve-position="first-including-carryover"/>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- "Page N of M" in the document's language: the label holds {page} and
       {pages} in whatever order the language puts them. -->
  <xsl:template name="footer">
    <xsl:param name="sequence-id"/>
    <fo:static-content flow-name="xsl-region-after">
      <fo:block font-size="7.5pt" color="#4a5560" text-align-last="justify"
                border-top="0.5pt solid {$rule-colour}" padding-top="1mm">
        <xsl:call-template name="rtl-mark"/>
        <xsl:value-of select="/d:document/d:customer/d:name"/>
        <xsl:text> · </xsl:text>
        <xsl:value-of select="/d:document/d:customer/@id"/>
        <fo:leader leader-pattern="space"/>
        <xsl:call-template name="page-of">
          <xsl:with-param name="text">
            <xsl:call-template name="label"><xsl:with-param name="id" select="'page-of'"/></xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="sequence-id" select="$sequence-id"/>
        </xsl:call-template>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <xsl:template name="page-of">
    <xsl:param name="text"/>
    <xsl:param name="sequence-id"/>
    <xsl:variable name="before-page" select="substring-before($text, '{page}')"/>
    <xsl:variable name="before-pages" select="substring-before($text, '{pages}')"/>
    <xsl:choose>
      <!-- {page} comes next (or {pages} is absent) -->
      <xsl:when test="contains($text, '{page}') and (not(contains($text, '{pages}'))
                      or string-length($before-page) &lt; string-length($before-pages))">
        <xsl:value-of select="$before-page"/>
        <fo:page-number/>
        <xsl:call-template name="page-of">
          <xsl:with-param name="text" select="substring-after($text, '{page}')"/>
          <xsl:with-param name="sequence-id" select="$sequence-id"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($text, '{pages}')">
        <xsl:value-of select="$before-pages"/>
        <fo:page-number-citation-last ref-id="{$sequence-id}"/>
        <xsl:call-template name="page-of">
          <xsl:with-param name="text" select="substring-after($text, '{pages}')"/>
          <xsl:with-param name="sequence-id" select="$sequence-id"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An address: one block per line. -->
  <xsl:template match="d:address">
    <xsl:for-each select="d:line">
      <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="."/></fo:block>
    </xsl:for-each>
  </xsl:template>

  <!-- A two-column block of label: value pairs (letters and notices). -->
  <xsl:template name="fact">
    <xsl:param name="label-id"/>
    <xsl:param name="value"/>
    <fo:table-row>
      <fo:table-cell padding="0.8mm 2mm 0.8mm 0" font-weight="bold">
        <fo:block>
          <xsl:call-template name="label"><xsl:with-param name="id" select="$label-id"/></xsl:call-template>
        </fo:block>
      </fo:table-cell>
      <fo:table-cell padding="0.8mm 0">
        <fo:block><xsl:call-template name="rtl-mark"/><xsl:copy-of select="$value"/></fo:block>
      </fo:table-cell>
    </fo:table-row>
  </xsl:template>

  <!-- The copyright line: the year the catalogue gives the document (the
       year its text was written, not the date it was printed). -->
  <xsl:template name="copyright">
    <fo:block font-size="7.5pt" color="#4a5560" space-before="8mm" keep-with-previous.within-page="always">
      <xsl:call-template name="rtl-mark"/>
      <xsl:text>© </xsl:text>
      <xsl:if test="/d:document/d:copyright">
        <xsl:value-of select="/d:document/d:copyright/@year"/>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="label"><xsl:with-param name="id" select="'copyright'"/></xsl:call-template>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
