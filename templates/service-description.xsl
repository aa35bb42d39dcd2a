<?xml version="1.0" encoding="UTF-8"?>
<!-- The service description: title block, contents, numbered sections (one
     per clause), the additional information lettered A, B, C..., footnotes
     and the copyright line. Running header with the title and the current
     section, "Page N of M" footer, a bookmark per section, PDF metadata. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    exclude-result-prefixes="d">

  <xsl:import href="common/base.xsl"/>
  <xsl:include href="common/markup.xsl"/>

  <xsl:variable name="title">
    <xsl:call-template name="label"><xsl:with-param name="id" select="'title-service-description'"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="sections" select="/d:document/d:body/d:clause[not(@group)]"/>
  <xsl:variable name="additional" select="/d:document/d:body/d:clause[@group = 'additional']"/>

  <xsl:template match="/">
    <fo:root>
      <xsl:call-template name="root-attributes"/>
      <xsl:call-template name="page-masters"/>
      <xsl:call-template name="metadata"><xsl:with-param name="title" select="$title"/></xsl:call-template>
      <fo:bookmark-tree>
        <xsl:for-each select="$sections">
          <fo:bookmark internal-destination="{@id}">
            <fo:bookmark-title><xsl:apply-templates select="." mode="number"/><xsl:value-of select="d:title"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
        <xsl:if test="$additional">
          <fo:bookmark internal-destination="additional-information">
            <fo:bookmark-title>
              <xsl:value-of select="count($sections) + 1"/>
              <xsl:text>. </xsl:text>
              <xsl:call-template name="label"><xsl:with-param name="id" select="'additional-information'"/></xsl:call-template>
            </fo:bookmark-title>
            <xsl:for-each select="$additional">
              <fo:bookmark internal-destination="{@id}">
                <fo:bookmark-title><xsl:apply-templates select="." mode="number"/><xsl:value-of select="d:title"/></fo:bookmark-title>
              </fo:bookmark>
            </xsl:for-each>
          </fo:bookmark>
        </xsl:if>
      </fo:bookmark-tree>
      <fo:page-sequence master-reference="document" id="document">
        <xsl:call-template name="letterhead"><xsl:with-param name="title" select="$title"/></xsl:call-template>
        <xsl:call-template name="running-header"><xsl:with-param name="title" select="$title"/></xsl:call-template>
        <xsl:call-template name="footer"><xsl:with-param name="sequence-id" select="'document'"/></xsl:call-template>
        <fo:flow flow-name="xsl-region-body">
          <xsl:call-template name="title-block"/>
          <xsl:call-template name="contents"/>
          <xsl:apply-templates select="$sections"/>
          <xsl:if test="$additional">
            <fo:block id="additional-information" role="H1" font-size="12pt" font-weight="bold"
                      color="{$accent}" space-before="6mm" space-after="1mm"
                      keep-with-next.within-page="always">
              <fo:marker marker-class-name="section">
                <xsl:call-template name="label"><xsl:with-param name="id" select="'additional-information'"/></xsl:call-template>
              </fo:marker>
              <xsl:value-of select="count($sections) + 1"/>
              <xsl:text>. </xsl:text>
              <xsl:call-template name="label"><xsl:with-param name="id" select="'additional-information'"/></xsl:call-template>
            </fo:block>
            <xsl:apply-templates select="$additional"/>
          </xsl:if>
          <xsl:call-template name="copyright"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <!-- Title, subtitle (the product name, label subtitle-KIND when the
       catalogue has one; it stays out of the running header and the PDF
       title), the customer, the vendor entity, the reseller and the date. -->
  <xsl:template name="title-block">
    <xsl:variable name="document" select="/d:document"/>
    <xsl:variable name="subtitle" select="key('label', concat('subtitle-', $document/@kind))"/>
    <fo:block font-size="20pt" font-weight="bold" color="{$accent}" role="H1"
              line-height="1.2" space-after="3mm">
      <xsl:if test="$subtitle">
        <xsl:attribute name="space-after">1mm</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="$title"/>
    </fo:block>
    <xsl:if test="$subtitle">
      <fo:block font-size="12pt" color="{$accent}" line-height="1.25" space-after="3mm"
                role="P">
        <xsl:call-template name="rtl-mark"/>
        <xsl:value-of select="$subtitle"/>
      </fo:block>
    </xsl:if>
    <fo:table width="100%" table-layout="fixed" font-size="9pt" space-after="5mm">
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="proportional-column-width(2.4)"/>
      <fo:table-body>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'customer'"/>
          <xsl:with-param name="value" select="string($document/d:customer/d:name)"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'customer-id'"/>
          <xsl:with-param name="value" select="string($document/d:customer/@id)"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'vendor-entity'"/>
          <xsl:with-param name="value" select="string($document/d:vendor-entity)"/>
        </xsl:call-template>
        <xsl:if test="$document/d:reseller">
          <xsl:call-template name="fact">
            <xsl:with-param name="label-id" select="'reseller'"/>
            <xsl:with-param name="value" select="string($document/d:reseller)"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'date'"/>
          <xsl:with-param name="value" select="string($document/d:date)"/>
        </xsl:call-template>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- Contents, with page numbers resolved by the layout's later passes. -->
  <xsl:template name="contents">
    <fo:block space-after="4mm" font-size="9pt">
      <fo:block font-weight="bold" font-size="10.5pt" space-after="1.5mm" role="H2">
        <xsl:call-template name="label"><xsl:with-param name="id" select="'contents'"/></xsl:call-template>
      </fo:block>
      <xsl:for-each select="$sections">
        <xsl:call-template name="contents-line">
          <xsl:with-param name="target" select="@id"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="$additional">
        <fo:block text-align-last="justify">
          <fo:basic-link internal-destination="additional-information">
            <xsl:value-of select="count($sections) + 1"/>
            <xsl:text>. </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="id" select="'additional-information'"/></xsl:call-template>
          </fo:basic-link>
          <xsl:call-template name="leader-and-page">
            <xsl:with-param name="target" select="'additional-information'"/>
          </xsl:call-template>
        </fo:block>
        <xsl:for-each select="$additional">
          <xsl:call-template name="contents-line">
            <xsl:with-param name="target" select="@id"/>
            <xsl:with-param name="indent" select="'6mm'"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:if>
    </fo:block>
  </xsl:template>

  <!-- The dots and the page number of a contents line. Word joiners
       (U+2060) forbid a line break between the title's last word, the
       leader and the number, so a long title wraps with its last word and
       the number never ends up alone on the next line. -->
  <xsl:template name="leader-and-page">
    <xsl:param name="target"/>
    <xsl:text>&#x2060;</xsl:text>
    <fo:leader leader-pattern="dots"/>
    <xsl:text>&#x2060;</xsl:text>
    <fo:page-number-citation ref-id="{$target}"/>
  </xsl:template>

  <xsl:template name="contents-line">
    <xsl:param name="target"/>
    <xsl:param name="indent" select="'0mm'"/>
    <fo:block text-align-last="justify" start-indent="{$indent}">
      <fo:basic-link internal-destination="{$target}">
        <xsl:apply-templates select="." mode="number"/>
        <xsl:value-of select="d:title"/>
      </fo:basic-link>
      <xsl:call-template name="leader-and-page">
        <xsl:with-param name="target" select="$target"/>
      </xsl:call-template>
    </fo:block>
  </xsl:template>

  <!-- "3. " for a section, "C. " for the third additional clause. -->
  <xsl:template match="d:clause" mode="number">
    <xsl:choose>
      <xsl:when test="@group">
        <xsl:call-template name="letter">
          <xsl:with-param name="n" select="count(preceding-sibling::d:clause[@group = current()/@group]) + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="count(preceding-sibling::d:clause[not(@group)]) + 1"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>. </xsl:text>
  </xsl:template>

  <!-- The marker sits on the whole section, so a page that starts inside
       one shows that section in its running header. -->
  <xsl:template match="d:clause">
    <fo:block id="{@id}" space-before="4mm">
      <xsl:if test="not(@group)">
        <fo:marker marker-class-name="section"><xsl:value-of select="d:title"/></fo:marker>
      </xsl:if>
      <fo:block font-weight="bold" color="{$accent}" space-after="0.5mm"
                keep-with-next.within-page="always">
        <xsl:attribute name="font-size">
          <xsl:choose>
            <xsl:when test="@group">10.5pt</xsl:when>
            <xsl:otherwise>12pt</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:attribute name="role">
          <xsl:choose>
            <xsl:when test="@group">H3</xsl:when>
            <xsl:otherwise>H2</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:apply-templates select="." mode="number"/>
        <xsl:value-of select="d:title"/>
      </fo:block>
      <xsl:apply-templates select="*[not(self::d:title)]"/>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
