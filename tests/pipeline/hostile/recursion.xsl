<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:9:", "recursion deeper than 1000" -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document">
  <xsl:template match="/">
    <xsl:call-template name="again"/>
  </xsl:template>
  <xsl:template name="again">
    <xsl:param name="n" select="0"/>
    <fo:block>
      <xsl:call-template name="again">
        <xsl:with-param name="n" select="$n + 1"/>
      </xsl:call-template>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
