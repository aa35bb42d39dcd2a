<?xml version="1.0" encoding="UTF-8"?>
<!-- The notice of cancellation: a letter. Letterhead, the customer's
     invoice address where a windowed envelope shows it (DIN 5008 / C5-C4
     window, 20 mm from the left edge, 45 mm from the top), date, subject,
     the key facts (customer number, order, reason, notice and effective
     dates), the clauses, sign-off, "Page N of M". -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    exclude-result-prefixes="d">

  <xsl:import href="common/letter.xsl"/>

  <xsl:variable name="title">
    <xsl:call-template name="label"><xsl:with-param name="id" select="'title-cancellation-notice'"/></xsl:call-template>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:call-template name="letter">
      <xsl:with-param name="title" select="$title"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The facts a reader looks for first. -->
  <xsl:template name="letter-facts">
    <xsl:variable name="notice" select="/d:document/d:notice"/>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'customer-id'"/>
      <xsl:with-param name="value" select="string(/d:document/d:customer/@id)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'order-number'"/>
      <xsl:with-param name="value" select="string(/d:document/d:order/@number)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'reason'"/>
      <xsl:with-param name="value">
        <xsl:call-template name="label">
          <xsl:with-param name="id" select="concat('reason-', $notice/@reason)"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'notice-date'"/>
      <xsl:with-param name="value" select="string($notice/d:notice-date)"/>
    </xsl:call-template>
    <xsl:call-template name="fact">
      <xsl:with-param name="label-id" select="'effective-date'"/>
      <xsl:with-param name="value" select="string($notice/d:effective-date)"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
