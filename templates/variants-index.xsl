<?xml version="1.0" encoding="UTF-8"?>
<!-- The index of `pliego variants`: the variants XML (urn:pliego:variants)
     as XSL-FO, one contact-sheet page per group of identical variants: the
     thumbnail of the group's first page, which countries, channels and
     languages share it, and how it differs from its region's direct
     variant. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:v="urn:pliego:variants"
    exclude-result-prefixes="v">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="rule-colour">#9aa7b4</xsl:variable>
  <xsl:variable name="accent">#1f4e79</xsl:variable>

  <xsl:template match="/v:variants">
    <fo:root font-family="Liberation Sans, sans-serif" font-size="10pt" line-height="1.35"
             language="en">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="sheet" page-width="210mm" page-height="297mm"
                               margin="15mm 18mm 12mm 18mm">
          <fo:region-body margin-top="10mm" margin-bottom="10mm"/>
          <fo:region-before extent="8mm"/>
          <fo:region-after extent="8mm"/>
        </fo:simple-page-master>
      </fo:layout-master-set>
      <fo:page-sequence master-reference="sheet">
        <fo:static-content flow-name="xsl-region-before">
          <fo:block font-size="7.5pt" color="#4a5560" border-bottom="0.5pt solid {$rule-colour}">
            <xsl:value-of select="concat('Variants of ', @kind, ': ', @count, ' variants in ',
                                         count(v:group), ' groups')"/>
          </fo:block>
        </fo:static-content>
        <fo:static-content flow-name="xsl-region-after">
          <fo:block font-size="7.5pt" color="#4a5560" text-align="end">
            <xsl:text>Group </xsl:text><fo:page-number/>
            <xsl:text> of </xsl:text><xsl:value-of select="count(v:group)"/>
          </fo:block>
        </fo:static-content>
        <fo:flow flow-name="xsl-region-body">
          <xsl:apply-templates select="v:group"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <xsl:template match="v:group">
    <fo:block>
      <xsl:if test="position() &gt; 1"><xsl:attribute name="break-before">page</xsl:attribute></xsl:if>
      <fo:block font-size="15pt" font-weight="bold" color="{$accent}" space-after="2mm">
        <xsl:value-of select="concat('Group ', @number, ': ', @size, ' variant')"/>
        <xsl:if test="@size != 1">s</xsl:if>
        <xsl:value-of select="concat(', region ', @region)"/>
      </fo:block>
      <fo:block><fo:inline font-weight="bold">Countries: </fo:inline><xsl:value-of select="@countries"/></fo:block>
      <fo:block><fo:inline font-weight="bold">Channels: </fo:inline><xsl:value-of select="@channels"/></fo:block>
      <fo:block><fo:inline font-weight="bold">Languages: </fo:inline><xsl:value-of select="@languages"/></fo:block>
      <fo:block space-before="2mm"><xsl:value-of select="v:difference"/></fo:block>
      <fo:block space-before="2mm" font-size="8pt" color="#4a5560">
        <xsl:text>Variants: </xsl:text>
        <xsl:for-each select="v:variant">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="@id"/>
        </xsl:for-each>
      </fo:block>
      <xsl:if test="@thumbnail">
        <fo:block space-before="5mm" text-align="center">
          <fo:external-graphic src="{@thumbnail}" content-height="150mm" content-width="scale-to-fit"
                               border="0.5pt solid {$rule-colour}" fox:alt-text="First page of group {@number}"
                               xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"/>
        </fo:block>
      </xsl:if>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
