<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture templates for the pipeline tests (not the shipped templates):
     the page frame every fixture document imports. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="d exsl">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template name="page">
    <xsl:param name="heading"/>
    <fo:root font-family="sans-serif" font-size="10pt" language="{/d:document/@lang}">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="a4" page-width="210mm" page-height="297mm"
            margin="20mm">
          <fo:region-body/>
        </fo:simple-page-master>
      </fo:layout-master-set>
      <!-- a title, which PDF/UA-1 (render's default) needs -->
      <fo:declarations>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:title><xsl:value-of select="$heading"/></dc:title>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>
      <fo:page-sequence master-reference="a4">
        <fo:flow flow-name="xsl-region-body">
          <fo:block font-size="16pt" font-weight="bold" space-after="6pt">
            <xsl:value-of select="$heading"/>
          </fo:block>
          <fo:block space-after="12pt">
            <xsl:value-of select="/d:document/d:customer/d:name"/>
          </fo:block>
          <xsl:apply-templates select="/d:document/d:body/d:clause"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <xsl:template match="d:clause">
    <!-- exsl:node-set, as the shipped templates may use it -->
    <xsl:variable name="title">
      <fo:block font-weight="bold" space-before="6pt"><xsl:value-of select="d:title"/></fo:block>
    </xsl:variable>
    <xsl:copy-of select="exsl:node-set($title)"/>
    <xsl:for-each select="d:p">
      <fo:block space-after="4pt"><xsl:value-of select="."/></fo:block>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
