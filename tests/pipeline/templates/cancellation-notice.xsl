<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture template for the pipeline tests: a cancellation-notice. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:pliego:document">
  <xsl:import href="common/page.xsl"/>
  <xsl:template match="/">
    <xsl:call-template name="page">
      <xsl:with-param name="heading">Cancellation Notice</xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
