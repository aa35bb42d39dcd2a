<?xml version="1.0" encoding="UTF-8"?>
<!-- expect: exit 2, "service-description.xsl:6:", "@TMP@/written-xsl.txt" -->
<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:d="urn:pliego:document">
  <xsl:import href="common/page.xsl"/>
  <xsl:template match="/">
    <xsl:document href="@TMP@/written-xsl.txt" method="text">owned</xsl:document>
    <xsl:call-template name="page"/>
  </xsl:template>
</xsl:stylesheet>
