<?xml version="1.0" encoding="UTF-8"?>
<!-- The shape shared by both notices: a letter on A4. The first page has
     the letterhead and the customer's invoice address where a windowed
     envelope shows it (DIN 5008 form B: 20 mm from the left edge, 45 mm from
     the top, 85 x 45 mm); then the date, the subject, the key facts (each
     notice fills them in the named template letter-facts), the clauses, an
     optional appendix (letter-appendix) and the sign-off. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    exclude-result-prefixes="d">

  <xsl:import href="base.xsl"/>
  <xsl:include href="markup.xsl"/>

  <!-- Overridden by each notice. -->
  <xsl:template name="letter-facts"/>
  <xsl:template name="letter-appendix"/>

  <xsl:template name="letter">
    <xsl:param name="title"/>
    <xsl:variable name="document" select="/d:document"/>
    <fo:root>
      <xsl:call-template name="root-attributes"><xsl:with-param name="font-size" select="'10pt'"/></xsl:call-template>
      <xsl:call-template name="page-masters"/>
      <xsl:call-template name="metadata"><xsl:with-param name="title" select="$title"/></xsl:call-template>
      <fo:page-sequence master-reference="document" id="letter">
        <xsl:call-template name="letterhead"><xsl:with-param name="title" select="$title"/></xsl:call-template>
        <xsl:call-template name="running-header"><xsl:with-param name="title" select="$title"/></xsl:call-template>
        <xsl:call-template name="footer"><xsl:with-param name="sequence-id" select="'letter'"/></xsl:call-template>
        <fo:flow flow-name="xsl-region-body">
          <!-- The region body starts 36 mm from the top of the page and
               22 mm from its start edge; the window starts at 45 mm. A
               right-to-left letter has its window on the right, for
               envelopes whose window is on the side where lines start. -->
          <fo:block-container absolute-position="absolute" top="9mm"
                              width="85mm" height="45mm">
            <xsl:choose>
              <xsl:when test="$rtl"><xsl:attribute name="right">0mm</xsl:attribute></xsl:when>
              <xsl:otherwise><xsl:attribute name="left">0mm</xsl:attribute></xsl:otherwise>
            </xsl:choose>
            <fo:block font-size="6.5pt" color="#4a5560" space-after="1.5mm"
                      border-bottom="0.4pt solid {$rule-colour}">
              <xsl:call-template name="rtl-mark"/>
              <xsl:value-of select="$document/d:vendor-entity"/>
            </fo:block>
            <fo:block font-size="10pt" line-height="1.25">
              <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="$document/d:customer/d:name"/></fo:block>
              <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="$document/d:customer/d:contact"/></fo:block>
              <xsl:apply-templates select="$document/d:customer/d:address"/>
              <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="$document/d:customer/d:country"/></fo:block>
            </fo:block>
          </fo:block-container>
          <fo:block space-before="58mm" space-before.conditionality="retain" text-align="end">
            <xsl:value-of select="$document/d:date"/>
          </fo:block>
          <fo:block space-before="6mm" font-size="12pt" font-weight="bold" color="{$accent}"
                    role="H1" keep-with-next.within-page="always">
            <xsl:value-of select="$title"/>
          </fo:block>
          <fo:table width="100%" table-layout="fixed" space-before="3mm" space-after="2mm"
                    font-size="9pt" border-top="0.5pt solid {$rule-colour}"
                    border-bottom="0.5pt solid {$rule-colour}">
            <fo:table-column column-width="proportional-column-width(1)"/>
            <fo:table-column column-width="proportional-column-width(2.2)"/>
            <fo:table-body>
              <xsl:call-template name="letter-facts"/>
            </fo:table-body>
          </fo:table>
          <xsl:apply-templates select="$document/d:body/d:clause"/>
          <xsl:call-template name="letter-appendix"/>
          <fo:block space-before="7mm" keep-with-next.within-page="always">
            <xsl:call-template name="label"><xsl:with-param name="id" select="'sign-off'"/></xsl:call-template>
          </fo:block>
          <fo:block space-before="9mm" font-weight="bold" keep-with-previous.within-page="always">
            <xsl:call-template name="label"><xsl:with-param name="id" select="'signatory'"/></xsl:call-template>
          </fo:block>
          <fo:block keep-with-previous.within-page="always">
            <xsl:call-template name="rtl-mark"/><xsl:value-of select="$document/d:vendor-entity"/>
          </fo:block>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <!-- A clause of a letter: a small bold heading, then its text. The first
       clause is the letter's opening and has no heading. -->
  <xsl:template match="d:clause">
    <fo:block id="{@id}" space-before="3mm">
      <fo:marker marker-class-name="section"><xsl:value-of select="d:title"/></fo:marker>
      <xsl:if test="preceding-sibling::d:clause">
        <fo:block font-weight="bold" keep-with-next.within-page="always" role="H2">
          <xsl:value-of select="d:title"/>
        </fo:block>
      </xsl:if>
      <xsl:apply-templates select="*[not(self::d:title)]"/>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
