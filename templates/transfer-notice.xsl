<?xml version="1.0" encoding="UTF-8"?>
<!-- The confirmation of a service transfer: a letter to the transferor
     (the customer) naming the transferee, the products and service tags
     moved, the transfer date, the fee, and what a move to another country
     means for coverage (clauses chosen by the assembler). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    exclude-result-prefixes="d">

  <xsl:import href="common/letter.xsl"/>

  <xsl:variable name="title">
    <xsl:call-template name="label"><xsl:with-param name="id" select="'title-transfer-notice'"/></xsl:call-template>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:call-template name="letter">
      <xsl:with-param name="title" select="$title"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="letter-facts">
    <xsl:variable name="transfer" select="/d:document/d:transfer"/>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'transferor'"/>
      <xsl:with-param name="value" select="string(/d:document/d:customer/d:name)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'transferee'"/>
      <xsl:with-param name="value">
        <xsl:value-of select="$transfer/d:transferee/d:name"/>
        <xsl:for-each select="$transfer/d:transferee/d:address/d:line">
          <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="."/></fo:block>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'transfer-date'"/>
      <xsl:with-param name="value" select="string($transfer/d:transfer-date)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'destination'"/>
      <xsl:with-param name="value" select="string($transfer/d:destination)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'transfer-fee'"/>
      <xsl:with-param name="value">
        <xsl:choose>
          <xsl:when test="normalize-space($transfer/d:fee) != ''"><xsl:value-of select="$transfer/d:fee"/></xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="label"><xsl:with-param name="id" select="'no-fee'"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- After the clauses: the products and service tags that move. -->
  <xsl:template name="letter-appendix">
    <xsl:variable name="tags" select="/d:document/d:transfer/d:product"/>
    <fo:block font-weight="bold" space-before="4mm" space-after="1mm" keep-with-next.within-page="always">
      <xsl:call-template name="label"><xsl:with-param name="id" select="'products-transferred'"/></xsl:call-template>
    </fo:block>
    <fo:table width="100%" table-layout="fixed" border-collapse="collapse"
              border="0.75pt solid {$rule-colour}" font-size="8.5pt">
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="proportional-column-width(3)"/>
      <fo:table-header background-color="{$shade}" font-weight="bold">
        <fo:table-row>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'service-tag'"/></xsl:call-template>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'product'"/></xsl:call-template>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="$tags">
          <fo:table-row>
            <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
              <fo:block font-family="Liberation Mono, monospace"><xsl:call-template name="rtl-mark"/><xsl:value-of select="@service-tag"/></fo:block>
            </fo:table-cell>
            <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
              <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="."/></fo:block>
            </fo:table-cell>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>
</xsl:stylesheet>
