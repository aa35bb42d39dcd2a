<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:", "http://127.0.0.1:@PORT@/x" -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document">
  <xsl:import href="common/page.xsl"/>
  <xsl:template match="/">
    <xsl:value-of select="document('http://127.0.0.1:@PORT@/x')"/>
    <xsl:call-template name="page"/>
  </xsl:template>
</xsl:stylesheet>
